import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { AdminActor, ClientInfo } from '@app/core';
import { SessionsService } from '@app/tokens';
import { UserNotFoundException, UsersService } from '@app/users';

/** Who deletes: the account holder, or an operator (its key's name, or the CLI). */
export type Deleter =
  { by: 'user'; client: ClientInfo } | { by: 'admin'; actor: AdminActor; client: ClientInfo };

/**
 * Deletes an account. Every session is revoked and announced first, so that access tokens still
 * alive die at verify-token on every replica at once; then one transaction, with the account
 * locked, ends any session begun meanwhile, remembers them all in `deleted_sessions`, removes the
 * account's audit trail, deletes the account (its sessions, tokens, factors and codes cascade) and
 * records `user.deleted` or `admin.user_deleted` with the user id and no personal data.
 */
@Injectable()
export class AccountDeletion {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** 404 `not_found` when there is no such account. */
  async delete(userId: string, deleter: Deleter): Promise<void> {
    if (!(await this.users.findById(userId))) throw new UserNotFoundException();
    await this.sessions.revokeAllOf(userId, 'account_deleted');
    const late = await this.dataSource.transaction(async (em) => {
      const account = await this.users.lockAccount(userId, em);
      if (!account) throw new UserNotFoundException();
      const revoked = await this.sessions.retireAllOfWithin(em, userId);
      await this.audit.deleteForUser(userId, em);
      await this.users.deleteAccount(userId, em);
      await this.audit.record(deleter.by === 'admin' ? 'admin.user_deleted' : 'user.deleted', {
        userId,
        // The holder's own address and device are personal data; an operator's are not.
        client:
          deleter.by === 'admin'
            ? deleter.client
            : { ip: '', userAgent: null, requestId: deleter.client.requestId },
        metadata: deleter.by === 'admin' ? { actor: deleter.actor.name } : {},
        manager: em,
        webhookEmail: account.email,
      });
      return revoked;
    });
    await this.sessions.announceRevoked(late);
  }
}
