import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock, RedisService } from '@app/core';
import { SessionsRepository } from './sessions.repository';

/** Tokens may be a little older than their `iat` says; the marker outlives that skew too. */
const SKEW_SECONDS = 60;
const KEY = (sessionId: string) => `revoked-session:${sessionId}`;

/**
 * Which sessions are revoked, answered without Postgres on the happy path: a Redis key per revoked
 * session that lives as long as any access token of it can, shared by every replica. Without Redis
 * (single instance) an in-process map does the same; while Redis is down, Postgres answers, and when
 * Redis comes back the revocations made meanwhile are copied into it.
 */
@Injectable()
export class RevokedSessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevokedSessions.name);
  private readonly local = new Map<string, number>();
  private readonly ttlSeconds: number;
  private readonly onReady = () => void this.resync();

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {
    this.ttlSeconds = config.jwt.accessTokenTtl + SKEW_SECONDS;
  }

  onModuleInit(): void {
    this.redis.client?.on('ready', this.onReady);
  }

  onModuleDestroy(): void {
    this.redis.client?.off('ready', this.onReady);
  }

  async add(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const client = this.redis.client;
    if (!client) {
      const now = this.clock.now().getTime();
      if (this.local.size > 10_000) this.sweep(now);
      for (const id of sessionIds) this.local.set(id, now + this.ttlSeconds * 1000);
      return;
    }
    if (!this.redis.isReady()) return; // Postgres holds it; resync copies it once Redis is back.
    try {
      const pipeline = client.pipeline();
      for (const id of sessionIds) pipeline.set(KEY(id), '1', 'EX', this.ttlSeconds);
      await pipeline.exec();
    } catch (error) {
      this.logger.warn(`could not record revocations in redis: ${(error as Error).message}`);
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client) return this.isRevokedLocally(sessionId);
    if (this.redis.isReady()) {
      try {
        return (await client.exists(KEY(sessionId))) === 1;
      } catch {
        // Fall through to the source of truth.
      }
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

  /** Copies into Redis every revocation whose tokens may still be alive. */
  private async resync(): Promise<void> {
    try {
      const since = new Date(this.clock.now().getTime() - this.ttlSeconds * 1000);
      await this.add(await this.sessions.revokedSince(since));
    } catch (error) {
      this.logger.warn(`could not resync revocations into redis: ${(error as Error).message}`);
    }
  }
}
