import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '@app/core';

/** The ways an account can sign in that can be removed, besides one-time codes to its address. */
export interface SignInMethods {
  hasPassword: boolean;
  identities: number;
  passkeys: number;
}

/**
 * Whether the account keeps a way to sign in. Every removable method (a linked identity, a passkey)
 * is counted by this one rule, whichever of them is being removed.
 */
export function hasSignInMethod(methods: SignInMethods): boolean {
  return methods.hasPassword || methods.identities > 0 || methods.passkeys > 0;
}

/**
 * The account's sign-in methods, counted once its row is locked until the caller's transaction
 * ends, so that two concurrent removals (an identity and a passkey, say) cannot each leave the
 * other as the last one. The tables of identities and passkeys belong to the modules above this
 * one; they are only counted here, so that the rule stays in one place. The counts are separate
 * statements: under READ COMMITTED only a statement that starts after the lock is granted sees
 * what the previous holder committed.
 */
export async function lockSignInMethods(em: EntityManager, userId: string): Promise<SignInMethods | null> {
  const [user] = await em.query<Array<{ has_password: boolean }>>(
    'SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = $1 FOR UPDATE',
    [userId],
  );
  if (!user) return null;
  const [counts] = await em.query<Array<{ identities: number; passkeys: number }>>(
    `SELECT (SELECT count(*)::int FROM identities WHERE user_id = $1) AS identities,
            (SELECT count(*)::int FROM passkeys WHERE user_id = $1) AS passkeys`,
    [userId],
  );
  return {
    hasPassword: user.has_password,
    identities: counts?.identities ?? 0,
    passkeys: counts?.passkeys ?? 0,
  };
}

/** Removing this would leave the account with no way to sign in. */
export class LastSignInMethodException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, 'last_sign_in_method', 'Last sign-in method', {
      detail:
        'The account would be left with no way to sign in: add a password, passkey or other provider first.',
    });
  }
}
