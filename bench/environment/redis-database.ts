import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Database 0 is where the tests and development instances live; the benchmark never uses it. */
const CANDIDATES = [15, 14, 13, 12, 11, 10, 9, 8];
const CLAIM_KEY = 'auth-bench:claimed-by';

/**
 * A Redis database number that nothing else uses, claimed with a marker key for the run and
 * flushed at the end, so the service's fixed key prefix cannot meet anyone else's keys.
 */
export class RedisDatabase {
  private constructor(
    readonly number: number,
    private readonly client: Redis,
  ) {}

  static async claim(): Promise<RedisDatabase> {
    const runId = randomUUID();
    for (const number of CANDIDATES) {
      const client = new Redis(`${REDIS_URL}/${number}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        throw new Error(`the benchmark needs Redis at ${REDIS_URL}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if ((await client.dbsize()) === 0 && (await client.set(CLAIM_KEY, runId, 'NX')) === 'OK') {
        return new RedisDatabase(number, client);
      }
      client.disconnect();
    }
    throw new Error(`no empty Redis database among ${CANDIDATES.join(', ')}`);
  }

  get url(): string {
    return `${REDIS_URL}/${this.number}`;
  }

  async release(): Promise<void> {
    await this.client.flushdb();
    await this.client.quit();
  }
}
