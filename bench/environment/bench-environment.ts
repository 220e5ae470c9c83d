import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliverySinks } from './delivery-sinks';
import { RedisDatabase } from './redis-database';
import { generateSigningKey } from './service';
import { ThrowawayDatabase } from './throwaway-database';

/**
 * Everything one run needs outside the service, created at the start and removed at the end:
 * a database, a Redis database number, mail and SMS sinks, a signing key, a folder for logs.
 */
export class BenchEnvironment {
  readonly runId = randomBytes(4).toString('hex');
  readonly workDir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
  readonly keys = generateSigningKey();

  private constructor(
    readonly database: ThrowawayDatabase,
    readonly redis: RedisDatabase,
    readonly sinks: DeliverySinks,
  ) {}

  static async create(): Promise<BenchEnvironment> {
    const database = await ThrowawayDatabase.create();
    let redis: RedisDatabase | undefined;
    try {
      redis = await RedisDatabase.claim();
      return new BenchEnvironment(database, redis, await DeliverySinks.start());
    } catch (error) {
      await redis?.release();
      await database.drop();
      throw error;
    }
  }

  logFile(name: string): string {
    return join(this.workDir, `${name}.log`);
  }

  async dispose(): Promise<void> {
    await this.sinks.stop();
    await this.redis.release();
    await this.database.drop();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
