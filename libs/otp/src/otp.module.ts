import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryTiming } from './delivery-timing';
import { OneTimeCode } from './one-time-code.entity';
import { OneTimeCodesRepository } from './one-time-codes.repository';
import { OtpCodes } from './otp-codes';
import { OtpDelivery } from './otp-delivery';
import { otpMetricProviders } from './otp.metrics';
import { OtpService } from './otp.service';

/**
 * One-time codes over email and SMS. The `MailSender` and `SmsSender` it delivers through come
 * from the notifications module, which the application provides globally.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OneTimeCode])],
  providers: [
    OneTimeCodesRepository,
    OtpCodes,
    DeliveryTiming,
    OtpDelivery,
    OtpService,
    ...otpMetricProviders,
  ],
  exports: [OtpService],
})
export class OtpModule {}
