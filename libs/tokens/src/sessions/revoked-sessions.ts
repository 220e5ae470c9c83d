import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, Clock, RedisService } from '@app/core';
import { SessionsRepository } from './sessions.repository';

/** Tokens may be a little older than their `iat` says; the marker outlives that skew too. */
const SKEW_SECONDS = 60;
const KEY = (sessionId: string) => `revoked-session:${sessionId}`;
/** Where revocations are announced to every instance (comma-separated session ids). */
const CHANNEL = 'revoked-sessions';
/** Expired entries are swept once the map has grown past this, then past twice what remained. */
const SWEEP_AT = 10_000;
/**
 * With Redis, the most live revocations kept in memory (about 100 bytes each). Past it (a mass
 * revocation), memory stops answering and Redis does, until the revocations have expired.
 */
const MAX_REMEMBERED = 100_000;
/**
 * How often memory is reloaded from Postgres even while subscribed: a revocation whose instance
 * could not announce it (its own Redis connection failing) is missed for at most this long.
 */
const RELOAD_EVERY_MS = 60_000;

/**
 * Which sessions are revoked, answered without Postgres and, with Redis, without a round trip:
 * - each instance keeps in memory every revocation whose access tokens may still be alive. With
 *   Redis, revocations are announced on a pub/sub channel that every instance follows; each time
 *   its subscription (re)starts it reloads the revocations of the last token lifetime from
 *   Postgres, so a message lost while it was away is made up for. Memory answers only while the
 *   subscription is up, Redis answers the heartbeat, and that reload has finished.
 * - otherwise a Redis key per revoked session, shared by every replica, answers (one EXISTS);
 * - Postgres is the source of truth: while Redis is down or hangs, and until Redis has been
 *   brought up to date after it returns (or at start-up, since it may have restarted empty),
 *   Postgres answers, and the revocations of the last token lifetime are copied into Redis.
 * Without Redis (single instance) the in-memory map alone does it.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevokedSessions.name);
  /** Session id to the time (ms) after which no access token of it can be valid. */
  private readonly local = new Map<string, number>();
  private sweepAt = SWEEP_AT;
  private readonly ttlSeconds: number;
  private readonly channel: string;
  /** Whether Redis holds every revocation that matters, as far as this instance knows. */
  private synced = false;
  /** Changes whenever Redis may have missed a revocation, so that a copy begun before it does not count. */
  private epoch = 0;
  private copying: Promise<void> | undefined;
  /** Whether `local` holds every live revocation (with Redis): the subscription is up and reloaded. */
  private mirrored = false;
  private subscribed = false;
  /** Changes whenever announcements may have been missed, so that a reload begun before does not count. */
  private mirrorEpoch = 0;
  private retryMirror: NodeJS.Timeout | undefined;
  private periodicReload: NodeJS.Timeout | undefined;
  private stopFollowingRedis: () => void = () => undefined;
  private stopFollowingAnnouncements: () => void = () => undefined;

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {
    this.ttlSeconds = config.jwt.accessTokenTtl + SKEW_SECONDS;
    this.channel = redis.channel(CHANNEL);
  }

  onApplicationBootstrap(): void {
    this.stopFollowingRedis = this.redis.onAvailabilityChange((available) => {
      this.markOutOfDate();
      this.markMirrorOutOfDate();
      if (!available) return;
      void this.resync();
      if (this.subscribed) void this.reloadMirror();
    });
    this.stopFollowingAnnouncements = this.redis.follow(this.channel, {
      message: (payload) => this.remember(payload.split(',').filter(Boolean)),
      subscribed: () => {
        this.subscribed = true;
        void this.reloadMirror();
      },
      lost: () => {
        this.subscribed = false;
        this.markMirrorOutOfDate();
      },
    });
    if (this.redis.isReady()) void this.resync();
    if (this.redis.client) {
      this.periodicReload = setInterval(() => {
        if (this.mirrored) void this.reloadMirror();
      }, RELOAD_EVERY_MS).unref();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.periodicReload);
    clearTimeout(this.retryMirror);
    this.stopFollowingRedis();
    this.stopFollowingAnnouncements();
  }

  async add(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    this.remember(sessionIds);
    if (!this.redis.client) return;
    if (!this.redis.isReady()) return; // Postgres holds it; the resync copies it once Redis is back.
    try {
      await this.write(sessionIds, true);
    } catch (error) {
      this.redis.reportFailure(error);
      this.markOutOfDate();
      this.logger.warn(`could not record revocations in redis: ${(error as Error).message}`);
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const client = this.redis.client;
    if (!client || this.mirrored) return this.isRevokedLocally(sessionId);
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

  private remember(sessionIds: string[]): void {
    const now = this.clock.now().getTime();
    const until = now + this.ttlSeconds * 1000;
    for (const id of sessionIds) this.local.set(id, until);
    if (this.local.size > this.sweepAt) {
      for (const [id, expiry] of this.local) if (expiry <= now) this.local.delete(id);
      this.sweepAt = Math.max(SWEEP_AT, this.local.size * 2);
    }
    if (this.redis.client && this.local.size > MAX_REMEMBERED) this.forgetAll();
  }

  /** Too many to keep: Redis answers until they have expired, then memory is reloaded. */
  private forgetAll(): void {
    this.local.clear();
    this.sweepAt = SWEEP_AT;
    this.markMirrorOutOfDate();
    this.logger.warn(
      `more than ${MAX_REMEMBERED} live revocations: answering from redis for the next ${this.ttlSeconds} s`,
    );
    clearTimeout(this.retryMirror);
    this.retryMirror = setTimeout(() => {
      if (this.subscribed) void this.reloadMirror();
    }, this.ttlSeconds * 1000).unref();
  }

  private markOutOfDate(): void {
    this.epoch++;
    this.synced = false;
  }

  private markMirrorOutOfDate(): void {
    this.mirrorEpoch++;
    this.mirrored = false;
  }

  /** Every revocation whose tokens may still be alive, from Postgres into memory. */
  private async reloadMirror(): Promise<void> {
    const epoch = this.mirrorEpoch;
    try {
      this.remember(await this.sessions.revokedSince(this.oldestRelevantRevocation()));
      if (epoch === this.mirrorEpoch && this.subscribed && this.redis.isReady()) this.mirrored = true;
    } catch (error) {
      this.logger.warn(`could not load revocations from postgres: ${(error as Error).message}`);
    }
  }

  /** Revocations before this no longer matter: every access token of their sessions has expired. */
  oldestRelevantRevocation(): Date {
    return new Date(this.clock.now().getTime() - this.ttlSeconds * 1000);
  }

  /** A pipeline resolves even when its commands fail: each reply is checked. */
  private async write(sessionIds: string[], announce: boolean): Promise<void> {
    const pipeline = this.redis.client!.pipeline();
    for (const id of sessionIds) pipeline.set(KEY(id), '1', 'EX', this.ttlSeconds);
    if (announce) pipeline.publish(this.channel, sessionIds.join(','));
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
      const revoked = await this.sessions.revokedSince(this.oldestRelevantRevocation());
      if (revoked.length > 0) await this.write(revoked, false);
      if (epoch === this.epoch) this.synced = true;
    } catch (error) {
      this.redis.reportFailure(error);
      this.logger.warn(`could not copy revocations into redis: ${(error as Error).message}`);
    }
  }
}
