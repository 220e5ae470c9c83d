import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { randomPKCECodeVerifier } from 'openid-client';
import { AuditService } from '@app/audit';
import { LOGINS } from '@app/auth';
import { AppConfig, ClientInfo, Clock, tokenHash, ValidationFailedException } from '@app/core';
import { IdentityLinker } from '../identities/identity-linker.service';
import { CallbackFailure, InvalidRedirectException, InvalidStateException } from '../oauth.errors';
import { ProviderRegistry } from '../providers/provider-registry';
import { OAuthTransactionsRepository } from './oauth-transactions.repository';
import { randomSecret, s256, SECRET_PATTERN } from './oauth-secrets';
import { RedirectAllowlist } from './redirect-allowlist';

const TRANSACTION_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 5 * 60_000;
const CALLBACK_PARAMS = ['state', 'code', 'iss', 'error', 'error_description'];

export interface AuthorizeInput {
  redirectTo: string;
  codeChallenge: string;
  /** Set when a signed-in user links the provider (from a link ticket). */
  linkUserId?: string | null;
}

/**
 * The browser's round trip: `authorize` records the attempt (state, nonce, our PKCE verifier with
 * the provider, the client's `redirect_to` and `code_challenge`) and sends the browser to the
 * provider; `callback` takes the attempt back by `state` and the browser's binding, lets the
 * provider checks run, matches the account and hands `redirect_to` a one-time code of ours.
 */
@Injectable()
export class OAuthFlowService {
  private readonly logger = new Logger('OAuthFlow');
  private readonly allowlist: RedirectAllowlist;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly providers: ProviderRegistry,
    private readonly store: OAuthTransactionsRepository,
    private readonly linker: IdentityLinker,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {
    this.allowlist = new RedirectAllowlist(config.oauth.redirectAllowlist);
  }

  /** Refuses a `redirect_to` off the allow-list (400, never a redirect). */
  checkRedirect(redirectTo: string): string {
    const url = this.allowlist.check(redirectTo);
    if (!url) throw new InvalidRedirectException();
    return url.href;
  }

  callbackUrl(provider: string): string {
    return `${this.config.publicUrl}/v1/oauth/${provider}/callback`;
  }

  /** The provider's authorization URL for an attempt bound to `binding`. */
  async authorize(providerName: string, input: AuthorizeInput, binding: string): Promise<string> {
    const provider = this.providers.get(providerName);
    const redirectTo = this.checkRedirect(input.redirectTo);
    const state = randomSecret();
    const nonce = randomSecret();
    const codeVerifier = randomPKCECodeVerifier();
    const url = await provider.authorizationUrl({
      redirectUri: this.callbackUrl(provider.name),
      state,
      nonce,
      codeChallenge: s256(codeVerifier),
    });
    const now = this.clock.now();
    await this.store.insertTransaction({
      stateHash: tokenHash(state),
      bindingHash: tokenHash(binding),
      provider: provider.name,
      nonce,
      codeVerifier,
      redirectTo,
      codeChallenge: input.codeChallenge,
      linkUserId: input.linkUserId ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TRANSACTION_TTL_MS),
    });
    return url.href;
  }

  /** The attempt of a link started with POST /v1/user/identities/{provider}; the ticket works once. */
  async authorizeLink(providerName: string, ticket: string, binding: string): Promise<string> {
    const provider = this.providers.get(providerName);
    const found = await this.store.takeLinkTicket(tokenHash(ticket), provider.name, this.clock.now());
    if (!found) throw new InvalidStateException();
    return this.authorize(
      provider.name,
      { redirectTo: found.redirectTo, codeChallenge: found.codeChallenge, linkUserId: found.userId },
      binding,
    );
  }

  /**
   * Where the browser goes next: `redirect_to` with `code`, or with `error` once the attempt is
   * known. Without a live attempt of this browser there is nowhere safe to go: 400 `invalid_state`.
   */
  async callback(
    providerName: string,
    params: URLSearchParams,
    binding: string | undefined,
    client: ClientInfo,
  ): Promise<string> {
    const provider = this.providers.get(providerName);
    refuseRepeated(params);
    const state = params.get('state');
    const now = this.clock.now();
    const attempt =
      state && binding && SECRET_PATTERN.test(state)
        ? await this.store.takeTransaction(tokenHash(state), tokenHash(binding), provider.name, now)
        : null;
    if (!attempt) {
      this.logins.inc({ method: 'oauth', result: 'invalid_state' });
      await this.audit.record('login.failed', {
        client,
        metadata: { method: 'oauth', provider: provider.name, reason: 'invalid_state' },
      });
      throw new InvalidStateException();
    }
    const target = new URL(attempt.redirectTo);
    try {
      if (params.has('error')) {
        throw new CallbackFailure(
          'access_denied',
          'provider_refused',
          'The sign-in was cancelled or refused at the provider.',
        );
      }
      const profile = await provider
        .exchange(params, {
          redirectUri: this.callbackUrl(provider.name),
          state: state!,
          nonce: attempt.nonce,
          codeVerifier: attempt.codeVerifier,
        })
        .catch((error: unknown) => {
          this.logger.warn({ provider: provider.name, reason: reasonOf(error) }, 'provider answer refused');
          throw new CallbackFailure(
            'server_error',
            'provider_answer_invalid',
            'The provider answer could not be verified.',
          );
        });
      const user = await this.linker.resolve(provider.name, profile, attempt.linkUserId, client);
      const code = randomSecret();
      await this.store.insertCode({
        codeHash: tokenHash(code),
        userId: user.id,
        provider: provider.name,
        codeChallenge: attempt.codeChallenge,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
      });
      target.searchParams.set('code', code);
    } catch (error) {
      const failure =
        error instanceof CallbackFailure
          ? error
          : new CallbackFailure('server_error', 'internal', 'The sign-in could not be completed.');
      if (!(error instanceof CallbackFailure)) this.logger.error({ err: error }, 'callback failed');
      this.logins.inc({ method: 'oauth', result: failure.reason });
      await this.audit.record('login.failed', {
        userId: failure.userId,
        client,
        metadata: { method: 'oauth', provider: provider.name, reason: failure.reason },
      });
      target.searchParams.set('error', failure.code);
      target.searchParams.set('error_description', failure.description);
    }
    return target.href;
  }
}

/** A parameter of the authorization response given twice is a forgery, never a provider's answer. */
function refuseRepeated(params: URLSearchParams): void {
  const repeated = CALLBACK_PARAMS.filter((name) => params.getAll(name).length > 1);
  if (repeated.length > 0) {
    throw new ValidationFailedException(
      repeated.map((field) => ({ field, message: `${field} must be sent once` })),
    );
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
