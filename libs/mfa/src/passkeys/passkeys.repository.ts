import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { violatedConstraint } from '@app/users';
import { Passkey } from './passkey.entity';
import type { VerifiedCredential } from './webauthn-ceremonies';
import { WebAuthnUserHandle } from './webauthn-user-handle.entity';

/** Passkeys and the users' WebAuthn handles. Writes that decide who gets in are conditional statements. */
@Injectable()
export class PasskeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  listOf(userId: string, em: EntityManager = this.dataSource.manager): Promise<Passkey[]> {
    return em.getRepository(Passkey).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  listOfUsers(userIds: string[]): Promise<Passkey[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(Passkey)
      .find({ where: { userId: In(userIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The user's passkeys, locked until the transaction ends: removals of one user run one at a time. */
  lockAllOf(em: EntityManager, userId: string): Promise<Passkey[]> {
    return em.getRepository(Passkey).find({
      where: { userId },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async hasAny(userId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await em.getRepository(Passkey).countBy({ userId })) > 0;
  }

  findByCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.dataSource.getRepository(Passkey).findOneBy({ credentialId });
  }

  findOwned(userId: string, id: string): Promise<Passkey | null> {
    return this.dataSource.getRepository(Passkey).findOneBy({ id, userId });
  }

  /** The new passkey, or undefined when the credential is already registered (to anyone). */
  async insert(
    em: EntityManager,
    userId: string,
    credential: VerifiedCredential,
    name: string,
    now: Date,
  ): Promise<Passkey | undefined> {
    const repository = em.getRepository(Passkey);
    const passkey = repository.create({ userId, ...credential, name, createdAt: now, lastUsedAt: null });
    try {
      // A savepoint, so that a duplicate leaves the caller's transaction usable.
      return await em.transaction((inner) => inner.getRepository(Passkey).save(passkey));
    } catch (error) {
      if (violatedConstraint(error) === 'passkeys_credential_id_key') return undefined;
      throw error;
    }
  }

  async rename(userId: string, id: string, name: string): Promise<Passkey | null> {
    const result = await this.dataSource.getRepository(Passkey).update({ id, userId }, { name });
    return result.affected ? this.findOwned(userId, id) : null;
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.getRepository(Passkey).delete({ id });
  }

  async deleteAllOf(em: EntityManager, userId: string): Promise<void> {
    await em.getRepository(Passkey).delete({ userId });
  }

  /**
   * Records a use at `signCount`, only if the counter moves forwards (or both it and the stored
   * one are 0, for authenticators without counters): of two uses with one count, one gets `true`.
   */
  async recordUse(
    em: EntityManager,
    id: string,
    use: { signCount: number; backedUp: boolean },
    now: Date,
  ): Promise<boolean> {
    const [rows] = await em.query<[Array<{ id: string }>, number]>(
      `UPDATE passkeys SET sign_count = $2, backed_up = $3, last_used_at = $4
        WHERE id = $1 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))
        RETURNING id`,
      [id, use.signCount, use.backedUp, now],
    );
    return rows.length === 1;
  }

  /** The user's WebAuthn user handle, made (32 random bytes) the first time it is asked for. */
  async handleOf(userId: string): Promise<Buffer> {
    await this.dataSource.query(
      `INSERT INTO webauthn_user_handles (user_id, handle) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`,
      [userId, randomBytes(32)],
    );
    const row = await this.dataSource.getRepository(WebAuthnUserHandle).findOneByOrFail({ userId });
    return row.handle;
  }

  async findHandle(userId: string): Promise<Buffer | undefined> {
    const row = await this.dataSource.getRepository(WebAuthnUserHandle).findOneBy({ userId });
    return row?.handle;
  }
}
