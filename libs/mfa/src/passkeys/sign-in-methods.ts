import type { User } from '@app/users';

/**
 * Whether the account can still sign in once only `passkeysLeft` passkeys remain: with a password,
 * or with a passkey. One rule for every removal of a way to sign in.
 */
export function hasSignInMethodLeft(user: User, passkeysLeft: number): boolean {
  return passkeysLeft > 0 || Boolean(user.passwordHash);
}
