import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { LOGINS, SignInResult, SignInService } from '@app/auth';
import { ClientInfo, Clock, constantTimeEquals, tokenHash } from '@app/core';
import { UsersService } from '@app/users';
import { InvalidGrantException } from '../oauth.errors';
import { OAuthTransactionsRepository } from './oauth-transactions.repository';
import { s256 } from './oauth-secrets';

type Outcome =
  { result: SignInResult } | { refused: 'unknown_code' | 'verifier_mismatch'; userId: string | null };

/**
 * `POST /v1/oauth/token`: our one-time code and the client's PKCE verifier for the session (or
 * the MFA step). The code is consumed by the statement that reads it, in the transaction that
 * creates the session, so that of two concurrent exchanges one wins; a wrong verifier spends it.
 */
@Injectable()
export class OAuthTokenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly store: OAuthTransactionsRepository,
    private readonly users: UsersService,
    private readonly signIn: SignInService,
    private readonly audit: AuditService,
    @InjectMetric(LOGINS) private readonly logins: Counter<string>,
  ) {}

  async exchange(code: string, codeVerifier: string, client: ClientInfo): Promise<SignInResult> {
    const outcome = await this.dataSource.transaction(async (em): Promise<Outcome> => {
      const row = await this.store.takeCode(em, tokenHash(code), this.clock.now());
      if (!row) return { refused: 'unknown_code', userId: null };
      if (!constantTimeEquals(s256(codeVerifier), row.codeChallenge)) {
        return { refused: 'verifier_mismatch', userId: row.userId };
      }
      const user = await this.users.findById(row.userId);
      if (!user) return { refused: 'unknown_code', userId: null };
      return { result: await this.signIn.complete(user, 'oauth', client, em, { provider: row.provider }) };
    });
    if ('result' in outcome) return outcome.result;
    this.logins.inc({ method: 'oauth', result: 'invalid_grant' });
    await this.audit.record('login.failed', {
      userId: outcome.userId,
      client,
      metadata: { method: 'oauth', reason: outcome.refused },
    });
    throw new InvalidGrantException();
  }
}
