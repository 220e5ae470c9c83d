import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config';

/**
 * The one Redis connection of the process, or none when `REDIS_URL` is unset. It reconnects
 * forever with a capped back-off, fails commands at once while disconnected (no offline
 * queue), and never lets a connection error crash the process. Callers check `isReady()`
 * and fall back to their in-process store when Redis is absent or down.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis | undefined;
  private lastErrorLoggedAt = 0;
  private wasReady = false;

  private readonly startupWaitMs: number;

  constructor(config: AppConfig) {
    this.startupWaitMs = config.redis.commandTimeoutMs * 2;
    const url = config.redis.url;
    if (url === undefined) return;
    this.client = new Redis(url, {
      keyPrefix: config.redis.keyPrefix,
      protocol: 2,
      connectTimeout: config.redis.commandTimeoutMs * 2,
      commandTimeout: config.redis.commandTimeoutMs,
      enableOfflineQueue: false,
      // How long a disconnect waits for the socket to close; ioredis also waits this long when
      // the socket is already gone (Redis down), which would hold up shutdown.
      disconnectTimeout: 250,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
      reconnectOnError: () => false,
    });
    this.client.on('ready', () => {
      this.wasReady = true;
      this.logger.log('redis connection ready');
    });
    this.client.on('error', (error: Error) => this.logError(error));
    this.client.on('end', () => this.logger.warn('redis connection closed'));
  }

  get configured(): boolean {
    return this.client !== undefined;
  }

  isReady(): boolean {
    return this.client?.status === 'ready';
  }

  /** Gives the first connection a moment, so that a healthy instance starts ready, not degraded. */
  async onModuleInit(): Promise<void> {
    await this.waitUntilReady(this.startupWaitMs);
  }

  /** Resolves when the first connection is up, or after `timeoutMs`; never rejects. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    if (this.isReady()) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      client.once('ready', onReady);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect(false);
    }
  }

  private logError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < 10_000) return;
    this.lastErrorLoggedAt = now;
    const state = this.wasReady ? 'lost' : 'unavailable';
    this.logger.warn(`redis ${state}: ${error.message}; serving in degraded mode`);
  }
}
