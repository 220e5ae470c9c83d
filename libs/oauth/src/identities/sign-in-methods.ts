import type { EntityManager } from 'typeorm';

/** The ways an account can sign in, besides one-time codes to its address. */
export interface SignInMethods {
  hasPassword: boolean;
  identities: number;
}

/**
 * Whether the account keeps a way to sign in. Every method that can be removed (an identity, a
 * passkey) is counted here, so that removing any one of them applies the same rule.
 */
export function hasSignInMethod(methods: SignInMethods): boolean {
  return methods.hasPassword || methods.identities > 0;
}

/**
 * The account's sign-in methods, counted once its row is locked until the caller's transaction
 * ends, so that two concurrent removals cannot each leave the other as the last one. The counts
 * are separate statements: under READ COMMITTED only a statement that starts after the lock is
 * granted sees what the previous holder committed.
 */
export async function lockSignInMethods(em: EntityManager, userId: string): Promise<SignInMethods | null> {
  const [user] = await em.query<Array<{ has_password: boolean }>>(
    'SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = $1 FOR UPDATE',
    [userId],
  );
  if (!user) return null;
  const [identities] = await em.query<Array<{ count: number }>>(
    'SELECT count(*)::int AS count FROM identities WHERE user_id = $1',
    [userId],
  );
  return { hasPassword: user.has_password, identities: identities?.count ?? 0 };
}
