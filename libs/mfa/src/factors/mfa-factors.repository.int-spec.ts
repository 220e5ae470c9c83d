import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/core';
import { testConfig } from '@app/core/testing';
import { User } from '@app/users';
import { MfaRecoveryCode } from '../recovery/mfa-recovery-code.entity';
import { RecoveryCodesRepository } from '../recovery/recovery-codes.repository';
import { MfaFactor } from './mfa-factor.entity';
import { MfaFactorsRepository } from './mfa-factors.repository';

describe('single-use writes of factors and recovery codes (Postgres)', () => {
  let dataSource: DataSource;
  let factors: MfaFactorsRepository;
  const userIds: string[] = [];

  beforeAll(async () => {
    dataSource = await new DataSource({
      ...buildDataSourceOptions(testConfig()),
      entities: [User, MfaFactor, MfaRecoveryCode],
    }).initialize();
    factors = new MfaFactorsRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [userIds]);
    await dataSource.destroy();
  });

  async function newFactor(): Promise<{ userId: string; factorId: string }> {
    const [user] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`,
      [`${randomUUID()}@example.test`],
    );
    userIds.push(user!.id);
    const factorId = await factors.savePending(user!.id, randomBytes(48), new Date());
    return { userId: user!.id, factorId };
  }

  const claim = (factorId: string, step: number) =>
    factors.transaction((em) => factors.claimStep(em, factorId, step));

  it('accepts only steps later than the last one claimed', async () => {
    const { factorId } = await newFactor();
    expect(await claim(factorId, 1000)).toBe(true);
    expect(await claim(factorId, 1000)).toBe(false);
    expect(await claim(factorId, 999)).toBe(false);
    expect(await claim(factorId, 1001)).toBe(true);
  });

  it('lets one of two transactions claiming the same step win, the other waiting for it', async () => {
    const { factorId } = await newFactor();
    const first = dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      expect(await factors.claimStep(first.manager, factorId, 2000)).toBe(true);
      const second = claim(factorId, 2000);
      await first.commitTransaction();
      expect(await second).toBe(false);
    } finally {
      await first.release();
    }
  });

  it('gives a new id and a clean slate to a pending factor enrolled again', async () => {
    const { userId, factorId } = await newFactor();
    expect(await claim(factorId, 3000)).toBe(true);
    const replacement = await factors.savePending(userId, randomBytes(48), new Date());
    expect(replacement).not.toBe(factorId);
    const pending = await factors.findByStatus(userId, 'pending');
    expect(pending).toMatchObject({ id: replacement, lastUsedStep: null });
  });

  it('spends a recovery code once, also against a concurrent transaction', async () => {
    const { userId } = await newFactor();
    const codes = new RecoveryCodesRepository();
    const hash = randomBytes(32);
    await factors.transaction((em) => codes.replaceAll(em, userId, [hash, randomBytes(32)], new Date()));

    const first = dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      expect(await codes.use(first.manager, userId, hash, new Date())).toBe(true);
      const second = factors.transaction((em) => codes.use(em, userId, hash, new Date()));
      await first.commitTransaction();
      expect(await second).toBe(false);
    } finally {
      await first.release();
    }
  });
});
