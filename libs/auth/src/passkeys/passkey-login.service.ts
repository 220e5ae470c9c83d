import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Counter } from 'prom-client';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo, RateLimitCounter, tokenHash } from '@app/core';
import { InvalidPasskeyException, PasskeyAssertions, PasskeyRequestOptionsResponse } from '@app/mfa';
import { SessionsService, SessionTokens } from '@app/tokens';
import { awaitsEmailVerification, toUserDto, UserDto, UsersService } from '@app/users';
import { EmailNotVerifiedException } from '../auth.errors';
import { LOGINS } from '../auth.metrics';

const METHOD = 'webauthn';

/**
 * Passwordless sign-in with a passkey. User verification is required, so the passkey is two
 * factors at once: the session is aal2 with `amr` `["webauthn"]` and there is no MFA step. An
 * account that must verify its email first is refused once its passkey has verified, as a
 * password sign-in is once its password has.
 */
@Injectable()
export class PasskeyLoginService {
  constructor(
    private readonly config: AppConfig,
    private readonly assertions: PasskeyAssertions,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly limits: RateLimitCounter,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {}

  options(email: string | undefined): Promise<PasskeyRequestOptionsResponse> {
    return this.assertions.signInOptions(email);
  }

  async login(
    challengeId: string,
    credential: AuthenticationResponseJSON,
    client: ClientInfo,
  ): Promise<{ user: UserDto; session: SessionTokens }> {
    await this.limits.enforce('passkey_credential', tokenHash(credential.id).toString('base64url'));
    const outcome = await this.assertions.verifySignIn(challengeId, credential, client);
    const user = outcome.ok ? await this.users.findById(outcome.passkey.userId) : null;
    if (!outcome.ok || !user) {
      const reason = outcome.ok ? 'unknown_credential' : outcome.reason;
      this.logins.inc({ method: METHOD, result: 'invalid_passkey' });
      await this.audit.record('login.failed', {
        userId: outcome.ok ? null : (outcome.userId ?? null),
        client,
        metadata: { method: METHOD, reason },
      });
      throw new InvalidPasskeyException(HttpStatus.UNAUTHORIZED);
    }
    if (awaitsEmailVerification(this.config, user)) {
      this.logins.inc({ method: METHOD, result: 'email_not_verified' });
      await this.audit.record('login.failed', {
        userId: user.id,
        client,
        metadata: { method: METHOD, reason: 'email_not_verified' },
      });
      throw new EmailNotVerifiedException();
    }
    const session = await this.sessions.start(user, { amr: [METHOD], aal: 'aal2' }, client);
    await this.audit.record('login.succeeded', {
      userId: user.id,
      client,
      metadata: { method: METHOD, passkey_id: outcome.passkey.id, session_id: session.session_id },
    });
    this.logins.inc({ method: METHOD, result: 'success' });
    return { user: toUserDto(user), session };
  }
}
