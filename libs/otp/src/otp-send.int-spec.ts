import { createServer } from 'node:net';
import { register } from 'prom-client';
import {
  AppException,
  keyedHash,
  RateLimitedException,
  SecretKeys,
  ServiceUnavailableException,
} from '@app/core';
import type { OtpDestination } from './otp.types';
import { createOtpTestModule, OtpTestContext } from './testing/otp-test-module';

interface StoredRow {
  id: string;
  user_id: string | null;
  purpose: string;
  channel: string;
  destination_hash: Buffer;
  code_hash: Buffer;
  attempts: number;
  max_attempts: number;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
  invalidated_at: Date | null;
}

const DAILY_LIMIT = 3;

function retryAfter(error: unknown): string | undefined {
  return (error as AppException).options.headers?.['Retry-After'];
}

describe('OtpService.send (Postgres, Redis)', () => {
  let ctx: OtpTestContext;

  beforeAll(async () => {
    ctx = await createOtpTestModule({ OTP_DAILY_LIMIT_PER_DESTINATION: String(DAILY_LIMIT) });
  });

  afterAll(async () => {
    await ctx.close();
  });

  async function rowsOf(destination: OtpDestination): Promise<StoredRow[]> {
    return ctx.dataSource.query(
      'SELECT * FROM one_time_codes WHERE destination_hash = $1 ORDER BY created_at',
      [ctx.destinationHash(destination)],
    );
  }

  async function sentCount(channel: string, purpose: string): Promise<number> {
    const metric = await register.getSingleMetric('otp_codes_sent_total')!.get();
    return (
      metric.values.find((v) => v.labels.channel === channel && v.labels.purpose === purpose)?.value ?? 0
    );
  }

  it('delivers one email holding the code, its purpose and lifetime, and stores only hashes', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    const before = await sentCount('email', 'login');
    await expect(ctx.otp.send({ purpose: 'login', destination, userId })).resolves.toEqual({
      expiresIn: 600,
    });

    const messages = ctx.mail.sent.filter((m) => m.to === destination.address);
    expect(messages).toHaveLength(1);
    const code = ctx.codeSentTo(destination);
    expect(code).toMatch(/^\d{6}$/);
    expect(messages[0]).toMatchObject({ subject: 'Your sign-in code' });
    expect(messages[0]!.text).toContain('10 minutes');
    expect(messages[0]!.html).toContain(code);
    expect(await sentCount('email', 'login')).toBe(before + 1);

    const [row, ...others] = await rowsOf(destination);
    expect(others).toHaveLength(0);
    const now = ctx.clock.now();
    expect(row).toMatchObject({
      user_id: userId,
      purpose: 'login',
      channel: 'email',
      attempts: 0,
      max_attempts: ctx.config.otp.maxAttempts,
      created_at: now,
      expires_at: new Date(now.getTime() + 600_000),
      consumed_at: null,
      invalidated_at: null,
    });
    const keys = ctx.moduleRef.get(SecretKeys);
    expect(row!.code_hash).toEqual(
      keyedHash(keys.key('otp-code'), 'login', 'email', destination.address, code),
    );
    expect(row!.destination_hash).toEqual(
      keyedHash(keys.key('otp-destination'), 'email', destination.address),
    );
    for (const value of Object.values(row!)) {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
      expect(bytes.includes(code)).toBe(false);
      expect(bytes.includes(destination.address)).toBe(false);
    }
  });

  it('delivers a short SMS to the number', async () => {
    const destination = ctx.phone();
    await ctx.otp.send({ purpose: 'verify', destination, userId: await ctx.createUser() });
    const [message, ...others] = ctx.sms.sent.filter((m) => m.to === destination.address);
    expect(others).toHaveLength(0);
    expect(message!.body).toBe(
      `${ctx.codeSentTo(destination)} is your verification code. It expires in 10 minutes.`,
    );
  });

  it('refuses a second code within OTP_RESEND_INTERVAL, whatever the purpose, with Retry-After', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    await ctx.otp.send({ purpose: 'verify', destination, userId });
    ctx.clock.advance(20);
    const error = await ctx.otp.send({ purpose: 'login', destination, userId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedException);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(retryAfter(error)).toBe('40');

    ctx.clock.advance(40);
    await expect(ctx.otp.send({ purpose: 'login', destination, userId })).resolves.toEqual({
      expiresIn: 600,
    });
    expect(await rowsOf(destination)).toHaveLength(2);
  });

  it('refuses more than OTP_DAILY_LIMIT_PER_DESTINATION codes in 24 hours until the oldest leaves the window', async () => {
    const destination = ctx.phone();
    const userId = await ctx.createUser();
    const interval = ctx.config.otp.resendInterval;
    for (const purpose of ['verify', 'login', 'password_reset'] as const) {
      await ctx.otp.send({ purpose, destination, userId });
      ctx.clock.advance(interval);
    }
    const error = await ctx.otp.send({ purpose: 'verify', destination, userId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(retryAfter(error)).toBe(String(86_400 - DAILY_LIMIT * interval));

    ctx.clock.advance(86_400 - DAILY_LIMIT * interval - 1);
    await expect(ctx.otp.send({ purpose: 'verify', destination, userId })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    ctx.clock.advance(1);
    await expect(ctx.otp.send({ purpose: 'verify', destination, userId })).resolves.toEqual({
      expiresIn: 600,
    });
  });

  it('lets exactly one of concurrent sends to one destination through', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => ctx.otp.send({ purpose: 'verify', destination, userId })),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(failed).toHaveLength(5);
    for (const failure of failed) expect(failure.reason).toBeInstanceOf(RateLimitedException);
    expect(ctx.mail.sent.filter((m) => m.to === destination.address)).toHaveLength(1);
    expect(await rowsOf(destination)).toHaveLength(1);
  });

  it('leaves nothing behind when the delivery fails: no code, no cooldown, the previous code intact', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    await ctx.otp.send({ purpose: 'verify', destination, userId });
    const previous = ctx.codeSentTo(destination);
    ctx.clock.advance(ctx.config.otp.resendInterval);

    const failure = new ServiceUnavailableException('The message could not be delivered; try again later.');
    ctx.mail.failure = failure;
    try {
      await expect(ctx.otp.send({ purpose: 'verify', destination, userId })).rejects.toBe(failure);
      await expect(ctx.otp.send({ purpose: 'login', destination, userId })).rejects.toBe(failure);
    } finally {
      ctx.mail.failure = undefined;
    }
    expect(await rowsOf(destination)).toEqual([expect.objectContaining({ invalidated_at: null })]);
    await expect(
      ctx.otp.consume({ purpose: 'verify', destination, code: previous }),
    ).resolves.toBeUndefined();

    ctx.sms.failure = new Error('provider timed out');
    const phone = ctx.phone();
    try {
      await expect(ctx.otp.send({ purpose: 'login', destination: phone, userId })).rejects.toThrow(
        'timed out',
      );
    } finally {
      ctx.sms.failure = undefined;
    }
    expect(await rowsOf(phone)).toHaveLength(0);
    await expect(ctx.otp.send({ purpose: 'login', destination: phone, userId })).resolves.toEqual({
      expiresIn: 600,
    });
  });

  it('answers alike for an address no account holds: a stored code, the same limits, no delivery', async () => {
    const destination = ctx.email();
    const known = ctx.email();
    const knownAnswer = await ctx.otp.send({
      purpose: 'password_reset',
      destination: known,
      userId: await ctx.createUser(),
    });
    const before = await sentCount('email', 'password_reset');
    const answer = await ctx.otp.send({ purpose: 'password_reset', destination, userId: null });

    expect(answer).toEqual(knownAnswer);
    expect(ctx.mail.sent.filter((m) => m.to === destination.address)).toHaveLength(0);
    expect(await rowsOf(destination)).toEqual([
      expect.objectContaining({ user_id: null, purpose: 'password_reset', channel: 'email' }),
    ]);
    expect(await sentCount('email', 'password_reset')).toBe(before);
    const again = await ctx.otp
      .send({ purpose: 'password_reset', destination, userId: null })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(retryAfter(again)).toBe(String(ctx.config.otp.resendInterval));
  });
});

describe('OtpService.send without Redis', () => {
  /** A local port with nothing listening on it. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('refuses with 503 while a configured Redis is down, and sends when none is configured', async () => {
    const down = await createOtpTestModule({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    try {
      const destination = down.email();
      const error = await down.otp
        .send({ purpose: 'login', destination, userId: await down.createUser() })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(down.mail.sent).toHaveLength(0);
    } finally {
      await down.close();
    }

    const single = await createOtpTestModule({ REDIS_URL: undefined });
    try {
      const destination = single.email();
      await single.otp.send({ purpose: 'login', destination, userId: await single.createUser() });
      expect(single.mail.sent).toHaveLength(1);
    } finally {
      await single.close();
    }
  });
});
