import { rmSync } from 'node:fs';
import { Client } from 'pg';
import Redis from 'ioredis';
import { testEnvironment } from './test-environment';

/** Drops the run's database and deletes every Redis key the run wrote. */
export default async function globalTeardown(): Promise<void> {
  const env = testEnvironment();
  const admin = new Client({ connectionString: env.adminUrl });
  await admin.connect();
  const database = new URL(env.databaseUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();

  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  rmSync(env.tmpRoot, { recursive: true, force: true });
}
