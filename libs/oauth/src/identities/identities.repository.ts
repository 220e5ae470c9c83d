import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { Identity } from './identity.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class IdentitiesRepository {
  constructor(@InjectRepository(Identity) private readonly identities: Repository<Identity>) {}

  findBySubject(provider: string, subject: string, em?: EntityManager): Promise<Identity | null> {
    return this.repository(em).findOneBy({ provider, subject });
  }

  listByUser(userId: string): Promise<Identity[]> {
    return this.listByUsers([userId]);
  }

  /** The identities of several accounts in one query, oldest first. */
  listByUsers(userIds: string[]): Promise<Identity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.identities.find({ where: { userId: In(userIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The identity if `userId` owns it. */
  findOwned(id: string, userId: string, em?: EntityManager): Promise<Identity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.repository(em).findOneBy({ id, userId });
  }

  /** Fails with `identities_provider_subject_key` when the provider account is linked already. */
  async insert(
    em: EntityManager,
    values: Pick<Identity, 'userId' | 'provider' | 'subject' | 'email'>,
  ): Promise<Identity> {
    const identity = em.getRepository(Identity).create(values);
    return em.getRepository(Identity).save(identity);
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.getRepository(Identity).delete({ id });
  }

  private repository(em?: EntityManager): Repository<Identity> {
    return em ? em.getRepository(Identity) : this.identities;
  }
}
