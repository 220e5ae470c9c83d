import { Module } from '@nestjs/common';
import { MfaModule } from '@app/mfa';
import { OtpModule } from '@app/otp';
import { UsersModule } from '@app/users';
import { AuthController } from './auth.controller';
import { authMetricProviders } from './auth.metrics';
import { LoginService } from './login.service';
import { OtpFlowsService } from './otp/otp-flows.service';
import { OtpController } from './otp/otp.controller';
import { PasswordResetService } from './otp/password-reset.service';
import { PasskeyLoginController } from './passkeys/passkey-login.controller';
import { PasskeyLoginService } from './passkeys/passkey-login.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordController } from './password.controller';
import { RegistrationService } from './registration.service';
import { SignInService } from './sign-in.service';

/** The sign-in flows composed from users, tokens, MFA and audit. */
@Module({
  imports: [UsersModule, MfaModule, OtpModule],
  controllers: [AuthController, PasswordController, OtpController, PasskeyLoginController],
  providers: [
    SignInService,
    LoginService,
    RegistrationService,
    PasswordChangeService,
    OtpFlowsService,
    PasswordResetService,
    PasskeyLoginService,
    ...authMetricProviders,
  ],
  exports: [SignInService, ...authMetricProviders],
})
export class AuthModule {}
