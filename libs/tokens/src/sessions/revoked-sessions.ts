import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, Clock, RedisService } from '@app/core';
import { SessionsRepository } from './sessions.repository';

/** Tokens may be a little older than their `iat` says; the marker outlives that skew too. */
const SKEW_SECONDS = 60;
const KEY = (sessionId: string) => `revoked-session:${sessionId}`;

/**
 * Which sessions are revoked, answered without Postgres on the happy path: a Redis key per revoked
 * session that lives as long as any access token of it can, shared by every replica. Without Redis
 * (single instance) an in-process map does the same. Postgres is the source of truth: while Redis
 * is down or hangs, and until Redis has been brought up to date after it returns (or at start-up,
 * since it may have restarted empty), Postgres answers, and the revocations of the last token
 * lifetime are copied into Redis.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevokedSessions.name);
  private readonly local = new Map<string, number>();
  private readonly ttlSeconds: number;
  /** Whether Redis holds every revocation that matters, as far as this instance knows. */
  private synced = false;
  /** Changes whenever Redis may have missed a revocation, so that a copy begun before it does not count. */
  private epoch = 0;
  private copying: Promise<void> | undefined;
  private stopFollowingRedis: () => void = () => undefined;

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {
    this.ttlSeconds = config.jwt.accessTokenTtl + SKEW_SECONDS;
  }

  onApplicationBootstrap(): void {
    this.stopFollowingRedis = this.redis.onAvailabilityChange((available) => {
      this.markOutOfDate();
      if (available) void this.resync();
    });
    if (this.redis.isReady()) void this.resync();
  }

  onModuleDestroy(): void {
    this.stopFollowingRedis();
  }

  async add(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    if (!this.redis.client) {
      const now = this.clock.now().getTime();
      if (this.local.size > 10_000) this.sweep(now);
      for (const id of sessionIds) this.local.set(id, now + this.ttlSeconds * 1000);
      return;
    }
    if (!this.redis.isReady()) return; // Postgres holds it; the resync copies it once Redis is back.
    try {
      await this.write(sessionIds);
    } catch (error) {
      this.redis.reportFailure(error);
      this.markOutOfDate();
      this.logger.warn(`could not record revocations in redis: ${(error as Error).message}`);
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client) return this.isRevokedLocally(sessionId);
    if (this.redis.isReady() && this.synced) {
      try {
        return (await client.exists(KEY(sessionId))) === 1;
      } catch (error) {
        this.redis.reportFailure(error);
      }
    } else if (this.redis.isReady()) {
      void this.resync();
    }
    const session = await this.sessions.findById(sessionId);
    return !session || session.revokedAt !== null;
  }

  private isRevokedLocally(sessionId: string): boolean {
    const until = this.local.get(sessionId);
    if (until === undefined) return false;
    if (until > this.clock.now().getTime()) return true;
    this.local.delete(sessionId);
    return false;
  }

  private sweep(now: number): void {
    for (const [id, until] of this.local) if (until <= now) this.local.delete(id);
  }

  private markOutOfDate(): void {
    this.epoch++;
    this.synced = false;
  }

  /** A pipeline resolves even when its commands fail: each reply is checked. */
  private async write(sessionIds: string[]): Promise<void> {
    const pipeline = this.redis.client!.pipeline();
    for (const id of sessionIds) pipeline.set(KEY(id), '1', 'EX', this.ttlSeconds);
    const replies = (await pipeline.exec()) ?? [];
    const failure = replies.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  /** Copies into Redis every revocation whose tokens may still be alive; one copy at a time. */
  private resync(): Promise<void> {
    this.copying ??= this.copyRevocations().finally(() => (this.copying = undefined));
    return this.copying;
  }

  private async copyRevocations(): Promise<void> {
    const epoch = this.epoch;
    try {
      const since = new Date(this.clock.now().getTime() - this.ttlSeconds * 1000);
      const revoked = await this.sessions.revokedSince(since);
      if (revoked.length > 0) await this.write(revoked);
      if (epoch === this.epoch) this.synced = true;
    } catch (error) {
      this.redis.reportFailure(error);
      this.logger.warn(`could not copy revocations into redis: ${(error as Error).message}`);
    }
  }
}
