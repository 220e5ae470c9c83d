import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { AppConfig, ClientInfo } from '@app/core';
import { awaitsEmailVerification, normalizeEmail, User, UsersService, violatedConstraint } from '@app/users';
import { CallbackFailure } from '../oauth.errors';
import type { ProviderProfile } from '../providers/oauth-provider';
import { IdentitiesRepository } from './identities.repository';

/** Concurrent first sign-ins of one provider account race on the unique keys; the loser reads again. */
const ATTEMPTS = 2;

/**
 * Matches a provider's account to a user, by the contract's rules: the (provider, subject) link
 * first; a signed-in user linking a provider gets it; otherwise only a verified provider email
 * counts. It links onto an account holding that email only if the account's email is verified
 * too (no silent takeover of an account someone else registered with an address they did not
 * own), and creates a password-less account with that verified email when none holds it.
 * An unverified provider email is never linked, never creates an account and never marks an
 * address verified: whoever controls that provider account has not shown they own the address.
 */
@Injectable()
export class IdentityLinker {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async resolve(
    provider: string,
    profile: ProviderProfile,
    linkUserId: string | null,
    client: ClientInfo,
  ): Promise<User> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((em) =>
          this.match(em, provider, profile, linkUserId, client),
        );
      } catch (error) {
        if (attempt >= ATTEMPTS || violatedConstraint(error) === undefined) throw error;
      }
    }
  }

  private async match(
    em: EntityManager,
    provider: string,
    profile: ProviderProfile,
    linkUserId: string | null,
    client: ClientInfo,
  ): Promise<User> {
    const linked = await this.identities.findBySubject(provider, profile.subject, em);
    if (linkUserId !== null) {
      if (linked && linked.userId !== linkUserId) {
        throw new CallbackFailure(
          'access_denied',
          'identity_linked_elsewhere',
          'This provider account is linked to another user.',
          linkUserId,
        );
      }
      const user = this.admitted(await this.users.findById(linkUserId));
      if (!linked) await this.link(em, user.id, provider, profile, 'signed_in', client);
      return user;
    }
    if (linked) return this.admitted(await this.users.findById(linked.userId));

    const email = profile.email === null ? null : normalizeEmail(profile.email);
    if (email === null || !profile.emailVerified) {
      throw new CallbackFailure(
        'email_not_verified',
        'provider_email_unverified',
        'The provider did not confirm an email address for this account.',
      );
    }
    const holder = await this.users.findByEmail(email, em);
    if (holder) {
      if (!holder.emailVerifiedAt) {
        throw new CallbackFailure(
          'email_taken',
          'email_taken_unverified',
          'An account with this email exists; sign in to it and link the provider from there.',
          holder.id,
        );
      }
      this.admitted(holder);
      await this.link(em, holder.id, provider, profile, 'verified_email', client);
      return holder;
    }
    return this.createAccount(em, email, provider, profile, client);
  }

  private async createAccount(
    em: EntityManager,
    email: string,
    provider: string,
    profile: ProviderProfile,
    client: ClientInfo,
  ): Promise<User> {
    const created = await this.users.createAccount(
      { email, passwordHash: null, phone: null, displayName: null },
      em,
    );
    const user = await this.users.markEmailVerified(created.id, em);
    await this.audit.record('user.registered', {
      userId: user.id,
      client,
      metadata: { method: 'oauth', provider },
      manager: em,
    });
    await this.link(em, user.id, provider, profile, 'new_account', client);
    return user;
  }

  private async link(
    em: EntityManager,
    userId: string,
    provider: string,
    profile: ProviderProfile,
    via: 'signed_in' | 'verified_email' | 'new_account',
    client: ClientInfo,
  ): Promise<void> {
    const identity = await this.identities.insert(em, {
      userId,
      provider,
      subject: profile.subject,
      email: profile.email === null ? null : normalizeEmail(profile.email).slice(0, 254),
    });
    await this.audit.record('oauth.linked', {
      userId,
      client,
      metadata: { provider, identity_id: identity.id, via },
      manager: em,
    });
  }

  /**
   * A disabled account is refused here already, so that its callback says so and links nothing;
   * so is one whose email must be verified before any sign-in (REQUIRE_EMAIL_VERIFICATION).
   */
  private admitted(user: User | null): User {
    if (!user) throw new CallbackFailure('server_error', 'account_gone', 'The account no longer exists.');
    if (user.disabled) {
      throw new CallbackFailure('user_disabled', 'user_disabled', 'This account has been disabled.', user.id);
    }
    if (awaitsEmailVerification(this.config, user)) {
      throw new CallbackFailure(
        'email_not_verified',
        'account_email_unverified',
        'Verify the email address of the account before signing in.',
        user.id,
      );
    }
    return user;
  }
}
