import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig, Clock, tokenHash } from '@app/core';
import { MfaFactorsRepository } from '../factors/mfa-factors.repository';
import { PasskeysRepository } from '../passkeys/passkeys.repository';
import { FirstFactor } from './mfa-challenge.entity';
import { MfaChallengesRepository } from './mfa-challenges.repository';

export interface MfaRequired {
  mfa_required: true;
  mfa_token: string;
  mfa_token_expires_in: number;
  factors: string[];
}

/**
 * Opens the second step of a sign-in: an opaque `mfa_token` (256 random bits, stored hashed, bound
 * to the user and the first factor, living MFA_TOKEN_TTL). It is never a bearer or refresh token.
 */
@Injectable()
export class MfaChallenges {
  constructor(
    private readonly challenges: MfaChallengesRepository,
    private readonly factors: MfaFactorsRepository,
    private readonly passkeys: PasskeysRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The second factors `userId` can answer the step with, as `mfa_required.factors` lists them. */
  async factorsOf(userId: string, em?: EntityManager): Promise<string[]> {
    const [totp, passkey] = await Promise.all([
      this.factors.findByStatus(userId, 'active', em),
      this.passkeys.hasAny(userId, em),
    ]);
    return [...(totp ? ['totp'] : []), ...(passkey ? ['webauthn'] : [])];
  }

  /** Inside the caller's transaction when `em` is given. */
  async begin(
    userId: string,
    firstFactor: FirstFactor,
    factors: string[],
    em?: EntityManager,
  ): Promise<MfaRequired> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const ttl = this.config.jwt.mfaTokenTtl;
    await this.challenges.insert(
      {
        userId,
        tokenHash: tokenHash(token),
        firstFactor,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttl * 1000),
      },
      em,
    );
    return { mfa_required: true, mfa_token: token, mfa_token_expires_in: ttl, factors };
  }
}
