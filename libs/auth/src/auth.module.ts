import { Module } from '@nestjs/common';
import { MfaModule } from '@app/mfa';
import { UsersModule } from '@app/users';
import { AuthController } from './auth.controller';
import { authMetricProviders } from './auth.metrics';
import { LoginLockout } from './lockout/login-lockout';
import { LoginLockoutRepository } from './lockout/login-lockout.repository';
import { LoginService } from './login.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordController } from './password.controller';
import { RegistrationService } from './registration.service';
import { SignInService } from './sign-in.service';

/** The sign-in flows composed from users, tokens, MFA and audit. */
@Module({
  imports: [UsersModule, MfaModule],
  controllers: [AuthController, PasswordController],
  providers: [
    LoginLockoutRepository,
    LoginLockout,
    SignInService,
    LoginService,
    RegistrationService,
    PasswordChangeService,
    ...authMetricProviders,
  ],
  exports: [SignInService, LoginLockout],
})
export class AuthModule {}
