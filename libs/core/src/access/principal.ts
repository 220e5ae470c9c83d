import type { Strategy } from 'passport';

export type Aal = 'aal1' | 'aal2';

/** Who an access token speaks for, once its signature, claims and session have been checked. */
export interface Principal {
  userId: string;
  sessionId: string;
  email: string;
  aal: Aal;
  amr: string[];
  issuedAt: number;
  expiresAt: number;
}

/**
 * Admits bearer access tokens: signature, algorithm, claims and session revocation. The tokens
 * module provides the implementation; guards elsewhere depend only on this class.
 */
export abstract class AccessTokenVerifier {
  /** The principal, or `undefined` when the token is not a valid, live access token. */
  abstract verify(token: string): Promise<Principal | undefined>;

  /**
   * The passport strategy that `AccessGuard` runs under the name `jwt`: the same checks, for
   * protected routes.
   */
  abstract readonly strategy: Strategy;
}
