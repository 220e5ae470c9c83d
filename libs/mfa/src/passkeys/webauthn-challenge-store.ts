import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import { CHALLENGE_TTL_SECONDS } from './webauthn-ceremonies';
import type { ChallengePurpose } from './webauthn-challenge.entity';
import { ConsumedChallenge, WebAuthnChallengesRepository } from './webauthn-challenges.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Challenges kept server-side for CHALLENGE_TTL_SECONDS, each bound to what it was issued for. */
@Injectable()
export class WebAuthnChallengeStore {
  constructor(
    private readonly challenges: WebAuthnChallengesRepository,
    private readonly clock: Clock,
  ) {}

  /** Stores the challenge of new options (and drops the expired ones); returns its id. */
  async issue(
    purpose: ChallengePurpose,
    challenge: string,
    binding: { userId?: string | null; mfaChallengeId?: string },
  ): Promise<string> {
    const now = this.clock.now();
    await this.challenges.deleteExpired(now);
    return this.challenges.insert({
      purpose,
      challenge,
      userId: binding.userId ?? null,
      mfaChallengeId: binding.mfaChallengeId ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000),
    });
  }

  /** The challenge, spent at once, if it is live and was issued for one of `purposes`. */
  consume(
    id: string,
    purposes: ChallengePurpose[],
    em?: EntityManager,
  ): Promise<ConsumedChallenge | undefined> {
    if (!UUID.test(id)) return Promise.resolve(undefined);
    return this.challenges.consume(id, purposes, this.clock.now(), em);
  }
}
