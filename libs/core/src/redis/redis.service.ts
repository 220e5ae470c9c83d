import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { AppConfig } from '../config';

/** How often a connected Redis is pinged, so that a server that hangs is noticed without traffic. */
const HEARTBEAT_MS = 1000;
const TIMED_OUT = 'Command timed out';

export type RedisAvailabilityListener = (available: boolean, reason: string) => void;

/** What follows a pub/sub channel: its messages, and each time the subscription starts or drops. */
export interface ChannelListener {
  message(payload: string): void;
  /** Subscribed, at start-up and after every reconnection: messages published meanwhile were lost. */
  subscribed(): void;
  /** The subscription dropped: until `subscribed` again, messages are lost. */
  lost(): void;
}

/**
 * The one Redis connection of the process, or none when `REDIS_URL` is unset. It reconnects
 * forever with a capped back-off, fails commands at once while disconnected (no offline
 * queue), bounds every command by a timeout, and never lets a connection error crash the
 * process. Redis counts as available while connected and answering: a heartbeat and callers'
 * timed-out commands mark a server that hangs as unavailable too. Callers check `isReady()`,
 * fall back to Postgres or to in-process stores meanwhile, and may follow the changes.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis | undefined;
  private readonly changes = new EventEmitter();
  private available: boolean | undefined;
  private unavailableReason = 'not connected yet';
  private heartbeat: NodeJS.Timeout | undefined;
  private pinging = false;
  private closing = false;

  private readonly startupWaitMs: number;
  private readonly keyPrefix: string;
  /** What stops each channel follower (see `follow`). */
  private readonly subscribers = new Set<() => void>();

  constructor(config: AppConfig) {
    this.startupWaitMs = config.redis.commandTimeoutMs * 2;
    this.keyPrefix = config.redis.keyPrefix;
    const url = config.redis.url;
    if (url === undefined) return;
    this.client = new Redis(url, {
      keyPrefix: config.redis.keyPrefix,
      protocol: 2,
      // Commands issued in the same tick (the revocation checks of concurrent verify-token
      // calls) go out in one write: far fewer system calls, for Redis and for the service.
      enableAutoPipelining: true,
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
    this.client.on('ready', () => this.setAvailable(true, 'connected'));
    this.client.on('close', () => this.setAvailable(false, 'connection closed'));
    this.client.on('error', (error: Error) => {
      if (this.client?.status !== 'ready') this.setAvailable(false, error.message);
    });
  }

  get configured(): boolean {
    return this.client !== undefined;
  }

  /** Connected and answering. False without Redis, and while it is down or hangs. */
  isReady(): boolean {
    return this.available === true && this.client?.status === 'ready';
  }

  /** Why Redis is unavailable, for logs and readiness. */
  get reason(): string {
    return this.unavailableReason;
  }

  /** Calls `listener` on every change of availability; returns what stops it. */
  onAvailabilityChange(listener: RedisAvailabilityListener): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  /** Callers pass the errors of their commands: a timeout means Redis hangs, so stop waiting on it. */
  reportFailure(error: unknown): void {
    if ((error as Error | undefined)?.message === TIMED_OUT) this.setAvailable(false, 'not answering');
  }

  /** A pub/sub channel of this deployment (ioredis prefixes keys, not channel names). */
  channel(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  /**
   * Follows a channel on a connection of its own (a subscribed connection can do nothing else),
   * which reconnects like the main one. It is pinged like the main one too: a subscription that
   * stops answering counts as lost and is reconnected, so a silent connection cannot leave a
   * follower believing it misses nothing. Returns what stops following.
   */
  follow(channel: string, listener: ChannelListener): () => void {
    if (!this.client) return () => undefined;
    const subscriber = this.client.duplicate({ enableAutoPipelining: false });
    let subscribed = false;
    const lost = () => {
      if (!subscribed) return;
      subscribed = false;
      listener.lost();
    };
    subscriber.on('message', (from: string, payload: string) => {
      if (from === channel) listener.message(payload);
    });
    const reconnect = () => {
      lost();
      subscriber.disconnect(true);
    };
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(() => {
        subscribed = true;
        listener.subscribed();
      }, reconnect);
    });
    subscriber.on('close', lost);
    subscriber.on('error', () => undefined); // the main connection reports Redis' state
    const heartbeat = setInterval(() => {
      if (subscribed) subscriber.ping().catch(reconnect);
    }, HEARTBEAT_MS).unref();
    const stop = () => {
      clearInterval(heartbeat);
      this.subscribers.delete(stop);
      subscriber.disconnect(false);
    };
    this.subscribers.add(stop);
    return stop;
  }

  /** Gives the first connection a moment, so that a healthy instance starts ready, not degraded. */
  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    if (!(await this.waitUntilReady(this.startupWaitMs))) this.setAvailable(false, 'not reachable');
    this.heartbeat = setInterval(() => void this.ping(), HEARTBEAT_MS).unref();
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
    this.closing = true;
    clearInterval(this.heartbeat);
    this.changes.removeAllListeners();
    for (const stop of [...this.subscribers]) stop();
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect(false);
    }
  }

  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || client.status !== 'ready' || this.pinging) return;
    this.pinging = true;
    try {
      await client.ping();
      this.setAvailable(true, 'answering');
    } catch {
      this.setAvailable(false, 'not answering');
    } finally {
      this.pinging = false;
    }
  }

  private setAvailable(available: boolean, reason: string): void {
    if (this.closing || this.available === available) return;
    this.available = available;
    if (!available) this.unavailableReason = reason;
    this.changes.emit('change', available, reason);
  }
}
