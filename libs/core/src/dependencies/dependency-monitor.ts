import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { RedisService } from '../redis';

export const DEPENDENCY_UP = 'auth_dependency_up';

export const dependencyUpProvider = makeGaugeProvider({
  name: DEPENDENCY_UP,
  help:
    'Whether a dependency answers (1) or not (0). redis 0: degraded mode; postgres 0: calls that ' +
    'need the database answer 503.',
  labelNames: ['dependency'],
});

/** How often Postgres is checked, so that its loss and return are noticed without traffic. */
const POSTGRES_CHECK_MS = 2000;
const MAX_REASON_LENGTH = 200;

export type Dependency = 'postgres' | 'redis';

const WHILE_DOWN: Record<Dependency, string> = {
  redis:
    'serving in degraded mode (per-instance rate limits, revocations checked in Postgres, OTP sending refused)',
  postgres: 'calls that need the database answer 503',
};
const WHEN_BACK: Record<Dependency, string> = {
  redis: 'leaving degraded mode',
  postgres: 'serving normally',
};

/**
 * Follows whether Postgres and Redis answer: the `auth_dependency_up` gauge says it at every
 * moment, and one log line marks each change (lost, back), never one line per failed request.
 */
@Injectable()
export class DependencyMonitor implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Dependencies');
  private readonly up = new Map<Dependency, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private stopFollowingRedis: () => void = () => undefined;

  constructor(
    private readonly redis: RedisService,
    private readonly dataSource: DataSource,
    @InjectMetric(DEPENDENCY_UP) private readonly gauge: Gauge<string>,
  ) {}

  onModuleInit(): void {
    // Without REDIS_URL the in-process stores serve the single instance fully: not degraded.
    this.record('redis', !this.redis.configured || this.redis.isReady(), this.redis.reason);
    this.stopFollowingRedis = this.redis.onAvailabilityChange((available, reason) =>
      this.record('redis', available, reason),
    );
  }

  onApplicationBootstrap(): void {
    this.record('postgres', this.dataSource.isInitialized);
    this.timer = setInterval(() => void this.checkPostgres(), POSTGRES_CHECK_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.stopFollowingRedis();
  }

  /** Bounded by the pool's connection timeout and the statement timeouts. */
  private async checkPostgres(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.dataSource.query('SELECT 1');
      this.record('postgres', true);
    } catch (error) {
      this.record('postgres', false, String((error as Error)?.message).slice(0, MAX_REASON_LENGTH));
    } finally {
      this.checking = false;
    }
  }

  private record(dependency: Dependency, up: boolean, reason = 'unknown'): void {
    this.gauge.set({ dependency }, up ? 1 : 0);
    const previous = this.up.get(dependency);
    if (previous === up) return;
    this.up.set(dependency, up);
    if (!up) this.logger.warn(`${dependency} down (${reason}): ${WHILE_DOWN[dependency]}`);
    else if (previous === false) this.logger.log(`${dependency} back: ${WHEN_BACK[dependency]}`);
  }
}
