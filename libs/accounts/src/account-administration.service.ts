import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { AdminActor, ClientInfo } from '@app/core';
import { SecondFactors } from '@app/mfa';
import { SessionsService } from '@app/tokens';
import { AccountChanges, RegisterInput, User, UserNotFoundException, UsersService } from '@app/users';

/** An operator's changes: those of `AccountChanges`, with a new password in the clear. */
export type AccountPatch = Omit<AccountChanges, 'passwordHash'> & { password?: string };

/**
 * What operators do to accounts (the admin API and the CLI): create, change, disable and enable,
 * end sessions, reset second factors. Each change is one transaction with its audit events, which
 * name the actor; sessions it ends are announced to every replica once it commits.
 */
@Injectable()
export class AccountAdministration {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly secondFactors: SecondFactors,
    private readonly audit: AuditService,
  ) {}

  async create(input: RegisterInput, actor: AdminActor, client: ClientInfo): Promise<User> {
    const account = await this.users.prepareAccount(input);
    return this.dataSource.transaction(async (em) => {
      const user = await this.users.createAccount(account, em);
      await this.audit.record('admin.user_created', {
        userId: user.id,
        client,
        metadata: { actor: actor.name, with_password: user.passwordHash !== null },
        manager: em,
      });
      return user;
    });
  }

  /**
   * Applies the patch. Disabling, or a new password, ends every session of the user; enabling
   * clears the reason. 404 for an unknown id, 409 for a taken email or number.
   */
  async update(userId: string, patch: AccountPatch, actor: AdminActor, client: ClientInfo): Promise<User> {
    const { password, ...rest } = patch;
    const current = await this.users.findById(userId);
    if (!current) throw new UserNotFoundException();
    const changes: AccountChanges = { ...rest };
    if (password !== undefined) {
      changes.passwordHash = await this.users.hashNewPassword(password, patch.email ?? current.email);
    }
    if (changes.disabled === false) changes.disabledReason = null;
    const { user, revoked } = await this.dataSource.transaction(async (em) => {
      const before = await this.users.lockAccount(userId, em);
      if (!before) throw new UserNotFoundException();
      const user = await this.users.updateAccount(before, changes, em);
      const disabling = !before.disabled && user.disabled;
      const endsSessions = disabling || password !== undefined;
      const revoked = endsSessions
        ? await this.sessions.revokeAllOfWithin(
            em,
            userId,
            disabling ? 'user_disabled' : 'password_reset_by_admin',
          )
        : [];
      const record = (
        type: 'admin.user_updated' | 'admin.user_disabled' | 'admin.user_enabled',
        extra = {},
      ) =>
        this.audit.record(type, { userId, client, metadata: { actor: actor.name, ...extra }, manager: em });
      const fields = Object.keys(patch).filter((f) => f !== 'disabled' && f !== 'disabledReason');
      if (fields.length > 0)
        await record('admin.user_updated', {
          fields: fields.map(snakeCase),
          sessions_revoked: disabling ? 0 : revoked.length,
        });
      if (disabling) await record('admin.user_disabled', { sessions_revoked: revoked.length });
      if (before.disabled && !user.disabled) await record('admin.user_enabled');
      return { user, revoked };
    });
    await this.sessions.announceRevoked(revoked);
    return user;
  }

  setDisabled(
    userId: string,
    disabled: boolean,
    reason: string | null,
    actor: AdminActor,
    client: ClientInfo,
  ) {
    return this.update(userId, disabled ? { disabled, disabledReason: reason } : { disabled }, actor, client);
  }

  /** Ends every session of the user at once. */
  async revokeSessions(userId: string, actor: AdminActor, client: ClientInfo): Promise<void> {
    if (!(await this.users.findById(userId))) throw new UserNotFoundException();
    const revoked = await this.sessions.revokeAllOf(userId, 'revoked_by_admin');
    await this.audit.record('admin.sessions_revoked', {
      userId,
      client,
      metadata: { actor: actor.name, sessions_revoked: revoked.length },
    });
  }

  /** The "lost my phone" reset: every second factor and recovery code gone, MFA off, sessions ended. */
  async resetSecondFactors(userId: string, actor: AdminActor, client: ClientInfo): Promise<void> {
    const revoked = await this.dataSource.transaction(async (em) => {
      if (!(await this.users.lockAccount(userId, em))) throw new UserNotFoundException();
      await this.secondFactors.removeAllWithin(em, userId);
      const revoked = await this.sessions.revokeAllOfWithin(em, userId, 'mfa_reset_by_admin');
      await this.audit.record('admin.mfa_reset', {
        userId,
        client,
        metadata: { actor: actor.name, sessions_revoked: revoked.length },
        manager: em,
      });
      return revoked;
    });
    await this.sessions.announceRevoked(revoked);
  }
}

function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
