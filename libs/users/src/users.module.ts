import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EarlyRefusals } from '@app/core';
import { LoginLockout } from './lockout/login-lockout';
import { LoginLockoutRepository } from './lockout/login-lockout.repository';
import { PASSWORD_HASHING } from './passwords/early-hashing-refusal';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordPolicy } from './passwords/password-policy';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Accounts, password hashing and policy, the per-account sign-in lock, and `GET /v1/user/me`. The route's `AccessGuard` needs
 * an `AccessTokenVerifier`, which the tokens module provides globally.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [
    UsersRepository,
    UsersService,
    PasswordHasher,
    PasswordPolicy,
    LoginLockoutRepository,
    LoginLockout,
  ],
  exports: [UsersService, PasswordHasher, PasswordPolicy, LoginLockout],
})
export class UsersModule {
  constructor(refusals: EarlyRefusals, hasher: PasswordHasher) {
    refusals.register(PASSWORD_HASHING, () => hasher.busyRefusal());
  }
}
