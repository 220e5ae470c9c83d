import { randomUUID } from 'node:crypto';
import type { ChannelListener, RedisService } from '@app/core';
import { TestClock, testConfig } from '@app/core/testing';
import { RevokedSessions } from './revoked-sessions';
import type { SessionsRepository } from './sessions.repository';

const started: RevokedSessions[] = [];
afterEach(() => started.splice(0).forEach((revoked) => revoked.onModuleDestroy()));

/** RevokedSessions against a stand-in Redis whose channel the test drives. */
function setup(revokedInPostgres: string[] = []) {
  let listener: ChannelListener | undefined;
  const exists = jest.fn().mockResolvedValue(0);
  const published: string[] = [];
  const client = {
    exists,
    pipeline: () => {
      const pipeline = {
        set: () => pipeline,
        publish: (_channel: string, payload: string) => {
          published.push(payload);
          return pipeline;
        },
        exec: () => Promise.resolve([]),
      };
      return pipeline;
    },
  };
  const redis = {
    client,
    isReady: () => true,
    channel: (name: string) => `test:${name}`,
    follow: (_channel: string, follower: ChannelListener) => {
      listener = follower;
      return () => undefined;
    },
    onAvailabilityChange: () => () => undefined,
    reportFailure: jest.fn(),
  } as unknown as RedisService;
  const revokedSince = jest.fn().mockResolvedValue(revokedInPostgres);
  const sessions = { revokedSince, findById: jest.fn() } as unknown as SessionsRepository;
  const revoked = new RevokedSessions(testConfig(), redis, sessions, new TestClock());
  revoked.onApplicationBootstrap();
  started.push(revoked);
  const channel = () => listener!;
  /** Lets the reload that a subscription starts finish. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { revoked, exists, published, channel, settle, revokedSince };
}

describe('RevokedSessions with Redis', () => {
  it('answers from memory once subscribed and reloaded from Postgres, without asking Redis', async () => {
    const before = randomUUID();
    const { revoked, exists, channel, settle } = setup([before]);
    channel().subscribed();
    await settle();
    const announced = randomUUID();
    channel().message(`${announced},${randomUUID()}`);

    expect(await revoked.isRevoked(before)).toBe(true);
    expect(await revoked.isRevoked(announced)).toBe(true);
    expect(await revoked.isRevoked(randomUUID())).toBe(false);
    expect(exists).not.toHaveBeenCalled();
  });

  it('asks Redis before its subscription has started and after it is lost', async () => {
    const { revoked, exists, channel, settle } = setup();
    await settle();
    await revoked.isRevoked(randomUUID());
    expect(exists).toHaveBeenCalledTimes(1);

    channel().subscribed();
    await settle();
    channel().lost();
    await revoked.isRevoked(randomUUID());
    expect(exists).toHaveBeenCalledTimes(2);
  });

  it('announces its own revocations and knows them at once', async () => {
    const { revoked, published, channel, settle } = setup();
    channel().subscribed();
    await settle();
    const id = randomUUID();

    await revoked.add([id]);
    expect(published).toEqual([id]);
    expect(await revoked.isRevoked(id)).toBe(true);
  });

  it('reloads from Postgres every minute, catching a revocation nobody announced', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { revoked, exists, channel, settle, revokedSince } = setup();
      channel().subscribed();
      await settle();
      const unannounced = randomUUID();
      revokedSince.mockResolvedValue([unannounced]);
      expect(await revoked.isRevoked(unannounced)).toBe(false);

      jest.advanceTimersByTime(60_000);
      await settle();
      expect(await revoked.isRevoked(unannounced)).toBe(true);
      expect(exists).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('leaves memory to Redis past 100,000 live revocations', async () => {
    const many = Array.from({ length: 100_001 }, () => randomUUID());
    const { revoked, exists, channel, settle } = setup(many);
    channel().subscribed();
    await settle();

    exists.mockResolvedValueOnce(1);
    expect(await revoked.isRevoked(many[0]!)).toBe(true);
    expect(exists).toHaveBeenCalledTimes(1);
  });
});
