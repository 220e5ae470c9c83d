import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo, Clock, NotFoundException, tokenHash } from '@app/core';
import { hasSignInMethod, LastSignInMethodException, lockSignInMethods } from '@app/users';
import { OAuthTransactionsRepository } from '../flow/oauth-transactions.repository';
import { randomSecret } from '../flow/oauth-secrets';
import { OAuthFlowService } from '../flow/oauth-flow.service';
import { ProviderRegistry } from '../providers/provider-registry';
import { IdentitiesRepository } from './identities.repository';
import { Identity } from './identity.entity';

const LINK_TICKET_TTL_MS = 5 * 60_000;

export interface IdentityDto {
  id: string;
  provider: string;
  email: string | null;
  created_at: string;
}

export function toIdentityDto(identity: Identity): IdentityDto {
  return {
    id: identity.id,
    provider: identity.provider,
    email: identity.email,
    created_at: identity.createdAt.toISOString(),
  };
}

/** A signed-in user's linked providers: list, link (through the browser) and unlink. */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly identities: IdentitiesRepository,
    private readonly providers: ProviderRegistry,
    private readonly flow: OAuthFlowService,
    private readonly store: OAuthTransactionsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(userId: string): Promise<IdentityDto[]> {
    return (await this.identities.listByUser(userId)).map(toIdentityDto);
  }

  /** Each account's identities, read in one query (for pages of accounts). */
  async listOf(userIds: string[]): Promise<Map<string, IdentityDto[]>> {
    const byUser = new Map<string, IdentityDto[]>(userIds.map((id) => [id, []]));
    for (const identity of await this.identities.listByUsers(userIds)) {
      byUser.get(identity.userId)?.push(toIdentityDto(identity));
    }
    return byUser;
  }

  /**
   * A URL of our `/authorize` carrying a single-use ticket: opened in the browser, it starts the
   * attempt there (with that browser's binding cookie) on behalf of this user.
   */
  async startLink(userId: string, providerName: string, redirectTo: string, codeChallenge: string) {
    const provider = this.providers.get(providerName);
    const checked = this.flow.checkRedirect(redirectTo);
    const ticket = randomSecret();
    const now = this.clock.now();
    await this.store.insertLinkTicket({
      ticketHash: tokenHash(ticket),
      userId,
      provider: provider.name,
      redirectTo: checked,
      codeChallenge,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_TICKET_TTL_MS),
    });
    const url = new URL(`${this.config.publicUrl}/v1/oauth/${provider.name}/authorize`);
    url.searchParams.set('link_token', ticket);
    return { url: url.href };
  }

  /** Refused when it would leave the account with no way to sign in. */
  async unlink(userId: string, identityId: string, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const methods = await lockSignInMethods(em, userId);
      const identity = await this.identities.findOwned(identityId, userId, em);
      if (!methods || !identity) throw new NotFoundException('The identity does not exist.');
      if (!hasSignInMethod({ ...methods, identities: methods.identities - 1 })) {
        throw new LastSignInMethodException();
      }
      await this.identities.delete(em, identity.id);
      await this.audit.record('oauth.unlinked', {
        userId,
        client,
        metadata: { provider: identity.provider, identity_id: identity.id },
        manager: em,
      });
    });
  }
}
