import { Injectable } from '@nestjs/common';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { ClientInfo, Clock, keyedHash, SecretKeys } from '@app/core';
import { UsersService } from '@app/users';
import { PasskeyRequestOptionsResponse } from './dto/passkey.responses';
import type { Passkey } from './passkey.entity';
import { PasskeysRepository } from './passkeys.repository';
import { CredentialDescriptor, WebAuthnCeremonies } from './webauthn-ceremonies';
import { WebAuthnChallengeStore } from './webauthn-challenge-store';
import type { ConsumedChallenge } from './webauthn-challenges.repository';

const NO_USER = '00000000-0000-0000-0000-000000000000';

/** Why an assertion was refused, as `login.failed` records it (never told to the caller). */
export type AssertionRefusal =
  'challenge' | 'unknown_credential' | 'other_user' | 'user_handle' | 'signature' | 'counter';

export type AssertionOutcome =
  { ok: true; passkey: Passkey } | { ok: false; reason: AssertionRefusal; userId?: string };

/**
 * Passkey assertions: sign-in options (discoverable, or for a named email), their verification,
 * and the passkey answer to a sign-in's second step. A signature counter that goes backwards
 * while the signature holds means the key may have been copied: it is refused and audited.
 */
@Injectable()
export class PasskeyAssertions {
  private readonly decoyKey: Buffer;

  constructor(
    keys: SecretKeys,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly passkeys: PasskeysRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly challenges: WebAuthnChallengeStore,
    private readonly audit: AuditService,
  ) {
    this.decoyKey = keys.key('passkey-decoy-credentials');
  }

  /**
   * With an email, the challenge is bound to its account (or to nobody) and lists its passkeys;
   * an address no account holds, or an account without passkeys, gets a stable decoy credential
   * instead, so that the answer looks the same and takes the same steps.
   */
  async signInOptions(email?: string): Promise<PasskeyRequestOptionsResponse> {
    const challenge = this.ceremonies.newChallenge();
    if (email === undefined) {
      const options = await this.ceremonies.signInOptions(challenge);
      return { challenge_id: await this.challenges.issue('sign_in', options.challenge, {}), options };
    }
    const user = await this.users.findByEmail(email);
    // Looked up for an unknown address too, so that both answers take the same steps.
    const owned = await this.passkeys.listOf(user?.id ?? NO_USER);
    const allow = owned.length > 0 ? owned.map(descriptorOf) : [this.decoyFor(email)];
    const options = await this.ceremonies.signInOptions(challenge, allow);
    const challengeId = await this.challenges.issue('sign_in_user', options.challenge, {
      userId: user?.id ?? null,
    });
    return { challenge_id: challengeId, options };
  }

  /** Options for the second step of the sign-in `mfaChallengeId` of `userId`, listing its passkeys. */
  async secondFactorOptions(
    userId: string,
    mfaChallengeId: string,
  ): Promise<PasskeyRequestOptionsResponse | undefined> {
    const owned = await this.passkeys.listOf(userId);
    if (owned.length === 0) return undefined;
    const options = await this.ceremonies.signInOptions(
      this.ceremonies.newChallenge(),
      owned.map(descriptorOf),
    );
    const challengeId = await this.challenges.issue('second_factor', options.challenge, {
      userId,
      mfaChallengeId,
    });
    return { challenge_id: challengeId, options };
  }

  /** Spends the challenge, then checks the assertion against the credential it names. */
  async verifySignIn(
    challengeId: string,
    response: AuthenticationResponseJSON,
    client: ClientInfo,
  ): Promise<AssertionOutcome> {
    const challenge = await this.challenges.consume(challengeId, ['sign_in', 'sign_in_user']);
    if (!challenge) return { ok: false, reason: 'challenge' };
    const passkey = await this.passkeys.findByCredentialId(response.id);
    if (!passkey) return { ok: false, reason: 'unknown_credential' };
    if (challenge.purpose === 'sign_in_user' && challenge.userId !== passkey.userId) {
      return { ok: false, reason: 'other_user', userId: passkey.userId };
    }
    if (!(await this.userHandleMatches(passkey, response))) {
      return { ok: false, reason: 'user_handle', userId: passkey.userId };
    }
    const reason = await this.passkeys.transaction((em) =>
      this.check(em, challenge, passkey, response, client),
    );
    return reason ? { ok: false, reason, userId: passkey.userId } : { ok: true, passkey };
  }

  /**
   * The passkey answer to the second step of the sign-in `mfaChallengeId`, in the caller's
   * transaction: the challenge must have been issued for that step, the credential be the user's.
   */
  async acceptSecondFactor(
    em: EntityManager,
    userId: string,
    mfaChallengeId: string,
    answer: { challengeId: string; credential: AuthenticationResponseJSON },
    client: ClientInfo,
  ): Promise<boolean> {
    const challenge = await this.challenges.consume(answer.challengeId, ['second_factor'], em);
    if (challenge?.userId !== userId || challenge.mfaChallengeId !== mfaChallengeId) return false;
    const passkey = await this.passkeys.findByCredentialId(answer.credential.id);
    if (passkey?.userId !== userId || !(await this.userHandleMatches(passkey, answer.credential)))
      return false;
    return (await this.check(em, challenge, passkey, answer.credential, client)) === undefined;
  }

  private async check(
    em: EntityManager,
    challenge: ConsumedChallenge,
    passkey: Passkey,
    response: AuthenticationResponseJSON,
    client: ClientInfo,
  ): Promise<AssertionRefusal | undefined> {
    if (response.id !== response.rawId) return 'signature';
    const verified = await this.ceremonies.verifyAssertion(response, challenge.challenge, passkey);
    if (!verified) return 'signature';
    if (await this.passkeys.recordUse(em, passkey.id, verified, this.clock.now())) return undefined;
    await this.audit.record('passkey.clone_suspected', {
      userId: passkey.userId,
      client,
      metadata: {
        passkey_id: passkey.id,
        stored_count: passkey.signCount,
        received_count: verified.signCount,
      },
    });
    return 'counter';
  }

  /** A response that carries a user handle must carry the one the passkey was made for. */
  private async userHandleMatches(passkey: Passkey, response: AuthenticationResponseJSON): Promise<boolean> {
    const sent = response.response.userHandle;
    if (sent === undefined || sent === null) return true;
    const handle = await this.passkeys.findHandle(passkey.userId);
    return handle !== undefined && handle.toString('base64url') === sent;
  }

  private decoyFor(email: string): CredentialDescriptor {
    return { id: keyedHash(this.decoyKey, email).toString('base64url'), transports: ['hybrid', 'internal'] };
  }
}

function descriptorOf(passkey: Passkey): CredentialDescriptor {
  return { id: passkey.credentialId, transports: passkey.transports };
}
