import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { ValidationFailedException } from '@app/core';
import { violatedConstraint } from './constraint-violation';
import { normalizeEmail, normalizePhone } from './fields/normalize';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordPolicy } from './passwords/password-policy';
import { User } from './user.entity';
import {
  EmailTakenException,
  PhoneTakenException,
  UserDisabledException,
  UserNotFoundException,
} from './users.errors';
import { NewUser, PositionedUser, UserSearch, UsersRepository } from './users.repository';

export interface RegisterInput {
  email: string;
  /** Absent for an account without a password (created by an operator, or by another sign-in method). */
  password?: string;
  /** International form; stored as E.164. */
  phone?: string | null;
  displayName?: string | null;
  /** Operators may create accounts whose addresses they have confirmed themselves. */
  emailVerified?: boolean;
  phoneVerified?: boolean;
  appMetadata?: Record<string, unknown>;
}

/** Changes an operator makes to an account; absent fields stay as they are. */
export interface AccountChanges {
  email?: string;
  phone?: string | null;
  displayName?: string | null;
  emailVerified?: boolean;
  phoneVerified?: boolean;
  /** From `hashNewPassword`; stamps `password_changed_at`. */
  passwordHash?: string;
  appMetadata?: Record<string, unknown>;
  disabled?: boolean;
  disabledReason?: string | null;
}

/** A registration checked and hashed, ready to be stored (see `UsersService.prepareAccount`). */
export type NewAccount = Readonly<NewUser>;

/** Accounts and their passwords: the rules, over `UsersRepository`. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
  ) {}

  /**
   * The checks and the (slow) password hash of a registration, done before any transaction so
   * that no connection is held while bcrypt runs; `createAccount` then stores the result.
   */
  async prepareAccount(input: RegisterInput): Promise<NewAccount> {
    this.hasher.refuseIfBusy();
    const email = normalizeEmail(input.email);
    const phone = input.phone == null ? null : normalizePhone(input.phone);
    if (phone === undefined) {
      throw new ValidationFailedException([
        { field: 'phone', message: 'phone must be a valid E.164 number' },
      ]);
    }
    if (input.phoneVerified && phone === null) {
      throw new ValidationFailedException([
        { field: 'phone_verified', message: 'phone_verified needs a phone' },
      ]);
    }
    let passwordHash: string | null = null;
    if (input.password !== undefined) {
      this.policy.check(input.password, { email });
      passwordHash = await this.hasher.hash(input.password);
    }
    const now = new Date();
    return {
      email,
      phone,
      passwordHash,
      displayName: input.displayName ?? null,
      emailVerifiedAt: input.emailVerified ? now : null,
      phoneVerifiedAt: input.phoneVerified ? now : null,
      appMetadata: input.appMetadata ?? {},
    };
  }

  /**
   * Stores a prepared account, inside the caller's transaction when one is given. One account per
   * normalised address and per phone number, enforced by the unique constraints, so that
   * concurrent registrations cannot both succeed.
   */
  async createAccount(account: NewAccount, em?: EntityManager): Promise<User> {
    try {
      return await this.users.insert(account, em);
    } catch (error) {
      throw registrationError(error);
    }
  }

  findById(id: string, em?: EntityManager): Promise<User | null> {
    return this.users.findById(id, em);
  }

  /** The account, locked until the caller's transaction ends (null: there is none). */
  lockAccount(id: string, em: EntityManager): Promise<User | null> {
    return this.users.lock(id, em);
  }

  search(search: UserSearch): Promise<PositionedUser[]> {
    return this.users.search(search);
  }

  /**
   * Applies an operator's changes to `current` (locked by the caller) in one statement. A new
   * email or number loses its verification unless the change says otherwise; a taken one is 409.
   */
  async updateAccount(current: User, changes: AccountChanges, em: EntityManager): Promise<User> {
    const set = columnChanges(current, changes);
    if (Object.keys(set).length === 0) return current;
    try {
      return found(await this.users.update(current.id, set, em));
    } catch (error) {
      throw registrationError(error);
    }
  }

  /** Deletes the account with its sessions, factors and codes, in the caller's transaction. */
  deleteAccount(id: string, em: EntityManager): Promise<boolean> {
    return this.users.delete(id, em);
  }

  findByEmail(normalizedEmail: string, em?: EntityManager): Promise<User | null> {
    return this.users.findByEmail(normalizedEmail, em);
  }

  findByPhone(e164: string, em?: EntityManager): Promise<User | null> {
    return this.users.findByPhone(e164, em);
  }

  /** 503 at once while password hashing is saturated, before a flow does any work for the request. */
  refuseIfPasswordChecksBusy(): void {
    this.hasher.refuseIfBusy();
  }

  /**
   * Without an account, or for an account that has no password, compares against a dummy hash, so
   * that every case costs the same and answers like a wrong password.
   */
  verifyPassword(user: User | null, password: string): Promise<boolean> {
    return user?.passwordHash
      ? this.hasher.verify(password, user.passwordHash)
      : this.hasher.verifyAgainstDummy(password);
  }

  /** Applies the policy, stores the new hash and stamps `password_changed_at`. */
  async changePassword(userId: string, newPassword: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundException();
    return this.setPasswordHash(userId, await this.hashNewPassword(newPassword, user.email));
  }

  /**
   * The policy check and the (slow) hash of a new password, done before any transaction so that
   * no connection or row lock is held while bcrypt runs.
   */
  hashNewPassword(newPassword: string, email?: string): Promise<string> {
    this.policy.check(newPassword, { email });
    return this.hasher.hash(newPassword);
  }

  /** Stores a hash from `hashNewPassword`, inside the caller's transaction when given one. */
  async setPasswordHash(userId: string, passwordHash: string, em?: EntityManager): Promise<User> {
    return found(await this.users.setPasswordHash(userId, passwordHash, em));
  }

  /**
   * After a successful `verifyPassword`: re-hashes with the configured cost when it changed.
   * Returns whether the stored hash was replaced.
   */
  async rehashIfNeeded(user: User, password: string): Promise<boolean> {
    const current = user.passwordHash;
    if (current === null || !this.hasher.needsRehash(current)) return false;
    const passwordHash = await this.hasher.hash(password);
    const replaced = await this.users.replacePasswordHash(user.id, current, passwordHash);
    if (replaced) user.passwordHash = passwordHash;
    return replaced;
  }

  /**
   * The gate of every sign-in, once its credential has been checked: 403 `user_disabled` for a
   * disabled account; otherwise stamps `last_sign_in_at` and returns the account as stored.
   * `SessionsService.start` calls it in the transaction that creates the session, so a sign-in
   * method that ends in a session needs nothing more; a step that stops short of one (the MFA
   * step, see `SignInService.complete`) refuses a disabled account itself.
   */
  async admitSignIn(userId: string, em?: EntityManager): Promise<User> {
    const stamped = await this.users.stampSignIn(userId, em);
    if (stamped) return stamped;
    if (await this.users.findById(userId, em)) throw new UserDisabledException();
    throw new UserNotFoundException();
  }

  async markEmailVerified(userId: string, em?: EntityManager): Promise<User> {
    return found(await this.users.markEmailVerified(userId, em));
  }

  async markPhoneVerified(userId: string, em?: EntityManager): Promise<User> {
    return found(await this.users.markPhoneVerified(userId, em));
  }

  async setMfaEnabled(userId: string, enabled: boolean, em?: EntityManager): Promise<User> {
    return found(await this.users.setMfaEnabled(userId, enabled, em));
  }
}

function columnChanges(current: User, changes: AccountChanges): QueryDeepPartialEntity<User> {
  const set: QueryDeepPartialEntity<User> = {};
  const now = () => 'now()';
  if (changes.email !== undefined && changes.email !== current.email) {
    set.email = changes.email;
    set.emailVerifiedAt = null;
  }
  if (changes.emailVerified !== undefined) set.emailVerifiedAt = changes.emailVerified ? now : null;
  const phone = changes.phone === undefined ? current.phone : changes.phone;
  if (changes.phone !== undefined && changes.phone !== current.phone) {
    set.phone = changes.phone;
    set.phoneVerifiedAt = null;
  }
  if (changes.phoneVerified !== undefined) {
    if (changes.phoneVerified && phone === null) {
      throw new ValidationFailedException([
        { field: 'phone_verified', message: 'phone_verified needs a phone' },
      ]);
    }
    set.phoneVerifiedAt = changes.phoneVerified ? now : null;
  }
  if (changes.displayName !== undefined) set.displayName = changes.displayName;
  if (changes.passwordHash !== undefined) {
    set.passwordHash = changes.passwordHash;
    set.passwordChangedAt = now;
  }
  if (changes.appMetadata !== undefined) {
    set.appMetadata = changes.appMetadata as QueryDeepPartialEntity<Record<string, unknown>>;
  }
  if (changes.disabled !== undefined) set.disabled = changes.disabled;
  if (changes.disabledReason !== undefined) set.disabledReason = changes.disabledReason;
  return set;
}

function found(user: User | null): User {
  if (!user) throw new UserNotFoundException();
  return user;
}

function registrationError(error: unknown): unknown {
  switch (violatedConstraint(error)) {
    case 'users_email_key':
      return new EmailTakenException();
    case 'users_phone_key':
      return new PhoneTakenException();
    case 'users_email_normalized':
      return new ValidationFailedException([
        { field: 'email', message: 'email must be a valid email address' },
      ]);
    case 'users_phone_e164':
      return new ValidationFailedException([
        { field: 'phone', message: 'phone must be a valid E.164 number' },
      ]);
    case 'users_app_metadata_object':
    case 'users_app_metadata_size':
      return new ValidationFailedException([
        { field: 'app_metadata', message: 'app_metadata must be at most 4096 bytes of JSON' },
      ]);
    case 'users_disabled_reason_length':
      return new ValidationFailedException([
        { field: 'disabled_reason', message: 'disabled_reason must be at most 500 characters long' },
      ]);
    case 'users_display_name_length':
      return new ValidationFailedException([
        { field: 'display_name', message: 'display_name must be at most 100 characters long' },
      ]);
    default:
      return error;
  }
}
