import { Module } from '@nestjs/common';
import { MfaModule } from '@app/mfa';
import { OtpModule } from '@app/otp';
import { UsersModule } from '@app/users';
import { AccountAdministration } from './account-administration.service';
import { AccountClosureService } from './account-closure.service';
import { AccountDeletion } from './account-deletion.service';
import { AccountController } from './account.controller';
import { AddressChangeService } from './address-change.service';

/**
 * The account lifecycle: a holder's email and phone changes and the deletion of their account,
 * and what operators do to accounts (`AccountAdministration`, for the admin API and the CLI).
 */
@Module({
  imports: [UsersModule, MfaModule, OtpModule],
  controllers: [AccountController],
  providers: [AccountDeletion, AccountAdministration, AddressChangeService, AccountClosureService],
  exports: [AccountDeletion, AccountAdministration],
})
export class AccountsModule {}
