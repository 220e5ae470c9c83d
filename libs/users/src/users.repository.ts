import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, type QueryDeepPartialEntity } from 'typeorm';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  phone: string | null;
  displayName: string | null;
}

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
      .values(values)
      .returning('*')
      .updateEntity(false)
      .execute();
    return this.fromRow((result.raw as Array<Record<string, unknown>>)[0]!);
  }

  setPasswordHash(id: string, passwordHash: string, em?: EntityManager): Promise<User | null> {
    return this.updateReturning(id, { passwordHash, passwordChangedAt: () => 'now()' }, em);
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
