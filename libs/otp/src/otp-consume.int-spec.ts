import { register } from 'prom-client';
import { InvalidOtpException, OtpAttemptsExceededException } from './otp.errors';
import type { OtpDestination, OtpPurpose } from './otp.types';
import { createOtpTestModule, OtpTestContext } from './testing/otp-test-module';

interface CodeRow {
  attempts: number;
  consumed_at: Date | null;
  invalidated_at: Date | null;
}

describe('OtpService.consume (Postgres)', () => {
  let ctx: OtpTestContext;

  beforeAll(async () => {
    ctx = await createOtpTestModule();
  });

  afterAll(async () => {
    await ctx.close();
  });

  async function sendTo(destination: OtpDestination, purpose: OtpPurpose = 'verify'): Promise<string> {
    await ctx.otp.send({ purpose, destination, userId: await ctx.createUser() });
    return ctx.codeSentTo(destination);
  }

  async function rowsOf(destination: OtpDestination): Promise<CodeRow[]> {
    return ctx.dataSource.query(
      'SELECT attempts, consumed_at, invalidated_at FROM one_time_codes WHERE destination_hash = $1 ORDER BY created_at',
      [ctx.destinationHash(destination)],
    );
  }

  /** A code of the same length that is not `code`. */
  function wrong(code: string): string {
    return code.replace(/.$/, (last) => String((Number(last) + 1) % 10));
  }

  async function verificationCount(result: string): Promise<number> {
    const metric = await register.getSingleMetric('otp_verifications_total')!.get();
    return metric.values.find((v) => v.labels.channel === 'email' && v.labels.result === result)?.value ?? 0;
  }

  it('consumes the delivered code once; the same code then gets invalid_otp', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).resolves.toBeUndefined();
    expect((await rowsOf(destination))[0]?.consumed_at).toEqual(ctx.clock.now());

    const again = ctx.otp.consume({ purpose: 'verify', destination, code });
    await expect(again).rejects.toBeInstanceOf(InvalidOtpException);
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_otp',
    });
  });

  it('works over SMS as over email', async () => {
    const destination = ctx.phone();
    const code = await sendTo(destination, 'login');
    await expect(ctx.otp.consume({ purpose: 'login', destination, code })).resolves.toBeUndefined();
  });

  it('counts a wrong code as one try, committed, and still takes the right code afterwards', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    await expect(
      ctx.otp.consume({ purpose: 'verify', destination, code: wrong(code) }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_otp',
    });
    expect((await rowsOf(destination))[0]?.attempts).toBe(1);
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).resolves.toBeUndefined();
  });

  it('kills the code after OTP_MAX_ATTEMPTS wrong tries: the right code then gets 429', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    const max = ctx.config.otp.maxAttempts;
    for (let i = 0; i < max; i++) {
      await expect(
        ctx.otp.consume({ purpose: 'verify', destination, code: wrong(code) }),
      ).rejects.toBeInstanceOf(InvalidOtpException);
    }
    const right = ctx.otp.consume({ purpose: 'verify', destination, code });
    await expect(right).rejects.toBeInstanceOf(OtpAttemptsExceededException);
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).rejects.toMatchObject({
      status: 429,
      code: 'otp_attempts_exceeded',
    });
    expect(await rowsOf(destination)).toEqual([{ attempts: max, consumed_at: null, invalidated_at: null }]);
  });

  it('counts wrong tries made at the same time exactly', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    const tries = Array.from({ length: 8 }, () =>
      ctx.otp.consume({ purpose: 'verify', destination, code: wrong(code) }),
    );
    const results = await Promise.allSettled(tries);
    const reasons = results.map((r) =>
      r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok',
    );
    const max = ctx.config.otp.maxAttempts;
    expect(reasons.filter((c) => c === 'invalid_otp')).toHaveLength(max);
    expect(reasons.filter((c) => c === 'otp_attempts_exceeded')).toHaveLength(8 - max);
    expect((await rowsOf(destination))[0]?.attempts).toBe(max);
  });

  it('refuses an expired code with invalid_otp', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    ctx.clock.advance(ctx.config.otp.ttl + 1);
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).rejects.toMatchObject({
      code: 'invalid_otp',
    });
  });

  it('replaces the previous code of the purpose with a new send', async () => {
    const destination = ctx.email();
    const first = await sendTo(destination);
    ctx.clock.advance(ctx.config.otp.resendInterval);
    const second = await sendTo(destination);
    expect(ctx.mail.sent.filter((m) => m.to === destination.address)).toHaveLength(2);

    // The two codes are equal once in a million sends; the old one cannot be told apart then.
    if (first !== second) {
      await expect(ctx.otp.consume({ purpose: 'verify', destination, code: first })).rejects.toMatchObject({
        code: 'invalid_otp',
      });
    }
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code: second })).resolves.toBeUndefined();
    const [old, current] = await rowsOf(destination);
    expect(old?.invalidated_at).toEqual(expect.any(Date));
    expect(current).toMatchObject({ invalidated_at: null, consumed_at: expect.any(Date) });
  });

  it('binds a code to its purpose and its destination', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination, 'login');
    const elsewhere = ctx.email();
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code })).rejects.toMatchObject({
      code: 'invalid_otp',
    });
    await expect(ctx.otp.consume({ purpose: 'login', destination: elsewhere, code })).rejects.toMatchObject({
      code: 'invalid_otp',
    });
    await expect(ctx.otp.consume({ purpose: 'login', destination, code })).resolves.toBeUndefined();
  });

  it('runs onConsumed in the same transaction and returns its result', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    await ctx.otp.send({ purpose: 'password_reset', destination, userId });
    const code = ctx.codeSentTo(destination);
    const seen = await ctx.otp.consume(
      { purpose: 'password_reset', destination, code },
      async (em, consumed) => {
        const [row] = await em.query<Array<{ consumed: boolean }>>(
          'SELECT consumed_at IS NOT NULL AS consumed FROM one_time_codes WHERE destination_hash = $1',
          [ctx.destinationHash(destination)],
        );
        return { consumed: row?.consumed, userId: consumed.userId };
      },
    );
    expect(seen).toEqual({ consumed: true, userId });
  });

  it('rolls everything back when onConsumed throws: the code stays usable', async () => {
    const destination = ctx.email();
    const userId = await ctx.createUser();
    await ctx.otp.send({ purpose: 'password_reset', destination, userId });
    const code = ctx.codeSentTo(destination);
    const failing = ctx.otp.consume({ purpose: 'password_reset', destination, code }, async (em) => {
      await em.query('DELETE FROM users WHERE id = $1', [userId]);
      throw new Error('the password could not be set');
    });
    await expect(failing).rejects.toThrow('the password could not be set');
    expect(await rowsOf(destination)).toEqual([{ attempts: 0, consumed_at: null, invalidated_at: null }]);
    expect(await ctx.dataSource.query('SELECT id FROM users WHERE id = $1', [userId])).toHaveLength(1);

    const result = await ctx.otp.consume(
      { purpose: 'password_reset', destination, code },
      async () => 'done',
    );
    expect(result).toBe('done');
  });

  it('counts verifications by channel and result', async () => {
    const destination = ctx.email();
    const code = await sendTo(destination);
    const before = {
      success: await verificationCount('success'),
      invalid: await verificationCount('invalid'),
    };
    await expect(ctx.otp.consume({ purpose: 'verify', destination, code: wrong(code) })).rejects.toThrow();
    await ctx.otp.consume({ purpose: 'verify', destination, code });
    expect(await verificationCount('success')).toBe(before.success + 1);
    expect(await verificationCount('invalid')).toBe(before.invalid + 1);
  });
});
