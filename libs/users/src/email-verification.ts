import type { AppConfig } from '@app/core';
import type { User } from './user.entity';

/**
 * REQUIRE_EMAIL_VERIFICATION: the account may not sign in, by any method, until its email is
 * verified (changing the email unverifies it again).
 */
export function awaitsEmailVerification(config: AppConfig, user: Pick<User, 'emailVerifiedAt'>): boolean {
  return config.passwords.requireEmailVerification && !user.emailVerifiedAt;
}
