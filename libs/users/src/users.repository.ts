import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, type QueryDeepPartialEntity } from 'typeorm';
import type { ActivityPosition } from '@app/audit';
import { normalizeEmail, normalizePhone } from './fields/normalize';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  /** Null for an account without a password. */
  passwordHash: string | null;
  phone: string | null;
  displayName: string | null;
  emailVerifiedAt?: Date | null;
  phoneVerifiedAt?: Date | null;
  appMetadata?: Record<string, unknown>;
}

/** Filters of the operators' account list; every one optional. */
export interface UserSearch {
  /** Matches an exact id, an exact E.164 number or an email prefix (whichever the text can be). */
  query?: string;
  disabled?: boolean;
  limit: number;
  /** The position of the last account of the previous page (newest first). */
  after?: ActivityPosition;
}

/** An account and its exact position in the newest-first list, for the next cursor. */
export type PositionedUser = { user: User; position: string };

/** Microsecond ISO text of `created_at`, the precision the keyset comparison needs. */
const POSITION = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and writes of `users`; every write is one statement that returns the row it left. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Null for an unknown id and for a string that is not a uuid (Postgres would reject it). */
  async findById(id: string, em?: EntityManager): Promise<User | null> {
    if (!UUID.test(id)) return null;
    return this.repository(em).findOneBy({ id });
  }

  findByEmail(normalizedEmail: string, em?: EntityManager): Promise<User | null> {
    return this.repository(em).findOneBy({ email: normalizedEmail });
  }

  findByPhone(e164: string, em?: EntityManager): Promise<User | null> {
    return this.repository(em).findOneBy({ phone: e164 });
  }

  /** Inserts the account; a taken email or phone fails with the unique constraint's error. */
  async insert(values: NewUser, em?: EntityManager): Promise<User> {
    const result = await this.repository(em)
      .createQueryBuilder()
      .insert()
      .values(values as QueryDeepPartialEntity<User>)
      .returning('*')
      .updateEntity(false)
      .execute();
    return this.fromRow((result.raw as Array<Record<string, unknown>>)[0]!);
  }

  setPasswordHash(id: string, passwordHash: string, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, { passwordHash, passwordChangedAt: () => 'now()' }, em);
  }

  /** Applies the changes in one statement and returns the row as it is left (null: no such account). */
  update(id: string, changes: QueryDeepPartialEntity<User>, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, changes, em);
  }

  /** The account, locked until the caller's transaction ends. */
  async lock(id: string, em: EntityManager): Promise<User | null> {
    if (!UUID.test(id)) return null;
    return em.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Deletes the account; its sessions, factors and codes go with it (ON DELETE CASCADE). */
  async delete(id: string, em: EntityManager): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const rows = await em.query<Array<{ id: string }>>('DELETE FROM users WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  /**
   * A page of accounts, newest first, in (created_at, id) keyset order (`users_created_idx`); the
   * email prefix uses `users_email_prefix_idx`.
   */
  async search(search: UserSearch): Promise<PositionedUser[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (search.query !== undefined) {
      const alternatives = [
        `email LIKE ${param(`${likePrefix(normalizeEmail(search.query))}%`)} ESCAPE '\\'`,
      ];
      if (UUID.test(search.query)) alternatives.push(`id = ${param(search.query.toLowerCase())}::uuid`);
      const phone = normalizePhone(search.query);
      if (phone !== undefined) alternatives.push(`phone = ${param(phone)}`);
      where.push(`(${alternatives.join(' OR ')})`);
    }
    if (search.disabled !== undefined) where.push(`disabled = ${param(search.disabled)}`);
    if (search.after) {
      where.push(
        `(created_at, id) < (${param(search.after.createdAt)}::timestamptz, ${param(search.after.id)}::uuid)`,
      );
    }
    const rows = await this.users.query<Array<Record<string, unknown> & { position: string }>>(
      `SELECT *, ${POSITION} AS position FROM users
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT ${param(search.limit)}`,
      params,
    );
    return rows.map((row) => ({ user: this.fromRow(row), position: row.position }));
  }

  /** Swaps the hash only if it is still `expected`, so a concurrent password change wins. */
  async replacePasswordHash(id: string, expected: string, passwordHash: string): Promise<boolean> {
    const result = await this.users.update({ id, passwordHash: expected }, { passwordHash });
    return (result.affected ?? 0) > 0;
  }

  /** Keeps the time of the first verification. */
  markEmailVerified(id: string, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, { emailVerifiedAt: () => 'COALESCE(email_verified_at, now())' }, em);
  }

  markPhoneVerified(id: string, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, { phoneVerifiedAt: () => 'COALESCE(phone_verified_at, now())' }, em);
  }

  /**
   * Stamps `last_sign_in_at` unless the account is disabled, in one statement: the row lock it
   * takes makes a concurrent disabling wait for the caller's transaction (and then revoke the
   * session it creates). Null for a disabled or missing account.
   */
  async stampSignIn(id: string, em?: EntityManager): Promise<User | null> {
    if (!UUID.test(id)) return null;
    const result = await this.repository(em)
      .createQueryBuilder()
      .update()
      .set({ lastSignInAt: () => 'now()' })
      .where('id = :id AND NOT disabled', { id })
      .returning('*')
      .updateEntity(false)
      .execute();
    const row = (result.raw as Array<Record<string, unknown>>)[0];
    return row ? this.fromRow(row) : null;
  }

  setMfaEnabled(id: string, enabled: boolean, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, { mfaEnabled: enabled }, em);
  }

  private repository(em?: EntityManager): Repository<User> {
    return em ? em.getRepository(User) : this.users;
  }

  private async updateReturning(
    id: string,
    changes: QueryDeepPartialEntity<User>,
    em?: EntityManager,
  ): Promise<User | null> {
    if (!UUID.test(id)) return null;
    const result = await this.repository(em)
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('*')
      .updateEntity(false)
      .execute();
    const row = (result.raw as Array<Record<string, unknown>>)[0];
    return row ? this.fromRow(row) : null;
  }

  /** A `RETURNING *` row as an entity (pg already yields Date, boolean and string values). */
  private fromRow(row: Record<string, unknown>): User {
    const user = this.users.create();
    for (const column of this.users.metadata.columns) column.setEntityValue(user, row[column.databaseName]);
    return user;
  }
}

/** The text as a LIKE prefix: its wildcards and the escape character stand for themselves. */
function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
