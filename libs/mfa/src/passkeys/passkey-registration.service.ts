import { HttpStatus, Injectable } from '@nestjs/common';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { AuditService } from '@app/audit';
import { ClientInfo, Clock, InsufficientAalException, Principal } from '@app/core';
import { SessionsService } from '@app/tokens';
import { User, UserNotFoundException, UsersService } from '@app/users';
import { PasskeyCreationOptionsResponse, PasskeyDto, toPasskeyDto } from './dto/passkey.responses';
import { PasskeysRepository } from './passkeys.repository';
import { InvalidPasskeyException } from './passkeys.errors';
import { WebAuthnCeremonies } from './webauthn-ceremonies';
import { WebAuthnChallengeStore } from './webauthn-challenge-store';

const DEFAULT_NAME = 'Passkey';

/**
 * Adding a passkey to a signed-in account. A passkey is a second factor too: the first one turns
 * MFA on, and, as when TOTP is activated, signs out the user's other sessions, which never had to
 * show it. While MFA is on, only an aal2 session may add one.
 */
@Injectable()
export class PasskeyRegistrationService {
  constructor(
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly passkeys: PasskeysRepository,
    private readonly ceremonies: WebAuthnCeremonies,
    private readonly challenges: WebAuthnChallengeStore,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async options(principal: Principal): Promise<PasskeyCreationOptionsResponse> {
    const user = await this.signedInUser(principal);
    const [userHandle, existing] = await Promise.all([
      this.passkeys.handleOf(user.id),
      this.passkeys.listOf(user.id),
    ]);
    const challenge = this.ceremonies.newChallenge();
    const options = await this.ceremonies.registrationOptions({
      challenge,
      userHandle,
      userName: user.email,
      displayName: user.displayName ?? user.email,
      exclude: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    });
    const challengeId = await this.challenges.issue('registration', options.challenge, { userId: user.id });
    return { challenge_id: challengeId, options };
  }

  async register(
    principal: Principal,
    challengeId: string,
    credential: RegistrationResponseJSON,
    name: string | null | undefined,
    client: ClientInfo,
  ): Promise<PasskeyDto> {
    const user = await this.signedInUser(principal);
    const challenge = await this.challenges.consume(challengeId, ['registration']);
    const verified =
      challenge?.userId === user.id && credential.id === credential.rawId
        ? await this.ceremonies.verifyRegistration(credential, challenge.challenge)
        : undefined;
    if (!verified) return this.refuse(user.id, client);

    const now = this.clock.now();
    const { passkey, revoked } = await this.passkeys.transaction(async (em) => {
      const added = await this.passkeys.insert(em, user.id, verified, name ?? DEFAULT_NAME, now);
      if (!added) return { passkey: undefined, revoked: [] };
      if (user.mfaEnabled) return { passkey: added, revoked: undefined };
      await this.users.setMfaEnabled(user.id, true, em);
      const ended = await this.sessions.revokeAllOfWithin(em, user.id, 'mfa_enrolled', principal.sessionId);
      return { passkey: added, revoked: ended };
    });
    if (!passkey) return this.refuse(user.id, client);

    await this.audit.record('passkey.added', {
      userId: user.id,
      client,
      metadata: { passkey_id: passkey.id, aaguid: passkey.aaguid, backed_up: passkey.backedUp },
    });
    if (revoked) {
      await this.sessions.announceRevoked(revoked);
      await this.audit.record('mfa.enrolled', {
        userId: user.id,
        client,
        metadata: { method: 'webauthn', passkey_id: passkey.id, sessions_revoked: revoked.length },
      });
    }
    return toPasskeyDto(passkey);
  }

  private async refuse(userId: string, client: ClientInfo): Promise<never> {
    await this.audit.record('mfa.failed', {
      userId,
      client,
      metadata: { action: 'add_passkey', method: 'webauthn', reason: 'invalid_passkey' },
    });
    throw new InvalidPasskeyException(HttpStatus.BAD_REQUEST);
  }

  private async signedInUser(principal: Principal): Promise<User> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new UserNotFoundException();
    if (user.mfaEnabled && principal.aal !== 'aal2') throw new InsufficientAalException();
    return user;
  }
}
