import { TestClock } from '@app/core/testing';
import { decodeJwt } from './support/accounts';
import { nextCode, passwordStep, registerWithMfa, totpAt, verifyMfa, type MfaAccount } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('second-factor codes work once', () => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, { clock });
  });

  afterAll(async () => {
    await t.close();
  });

  const answer = async (account: MfaAccount, code: string) =>
    verifyMfa(t.app, await passwordStep(t.app, account.email, account.password), code);

  /** The code of the step `offset` steps from the clock's, the clock sitting mid-step. */
  const codeAtStep = (account: MfaAccount, offset: number) => {
    const step = Math.floor(clock.now().getTime() / 30_000);
    return totpAt(account.secret, (step + offset) * 30 + 15);
  };

  it('refuses a TOTP code that was accepted once', async () => {
    const account = await registerWithMfa(t.app, clock);
    const code = await nextCode(clock, account.secret);
    expect((await answer(account, code)).statusCode).toBe(200);
    const replay = await answer(account, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'invalid_mfa_code' });
  });

  it('accepts one step of drift either way, each step once and in order, and nothing further', async () => {
    const account = await registerWithMfa(t.app, clock);
    clock.advance(150);
    const step = Math.floor(clock.now().getTime() / 30_000);
    clock.set(new Date((step * 30 + 15) * 1000));

    for (const offset of [-2, 2])
      expect((await answer(account, await codeAtStep(account, offset))).statusCode).toBe(401);
    for (const offset of [-1, 0, 1]) {
      const res = await answer(account, await codeAtStep(account, offset));
      expect({ offset, status: res.statusCode }).toEqual({ offset, status: 200 });
    }
    for (const offset of [-1, 0, 1]) {
      const res = await answer(account, await codeAtStep(account, offset));
      expect({ offset, status: res.statusCode }).toEqual({ offset, status: 401 });
    }
  });

  it('refuses a code older than the last accepted one', async () => {
    const account = await registerWithMfa(t.app, clock);
    clock.advance(60);
    expect((await answer(account, await codeAtStep(account, 1))).statusCode).toBe(200);
    expect((await answer(account, await codeAtStep(account, 0))).statusCode).toBe(401);
  });

  it('gives exactly one session for ten concurrent submissions of one code', async () => {
    const account = await registerWithMfa(t.app, clock);
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) tokens.push(await passwordStep(t.app, account.email, account.password));
    const code = await nextCode(clock, account.secret);

    const results = await Promise.all(tokens.map((token) => verifyMfa(t.app, token, code)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200 && s !== 401 && s !== 429)).toEqual([]);
  });

  it('gives exactly one session for ten concurrent submissions on one mfa_token', async () => {
    const account = await registerWithMfa(t.app, clock);
    const token = await passwordStep(t.app, account.email, account.password);
    const code = await nextCode(clock, account.secret);
    const results = await Promise.all(Array.from({ length: 10 }, () => verifyMfa(t.app, token, code)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
  });

  it('accepts a recovery code once, in any case, with or without dashes', async () => {
    const account = await registerWithMfa(t.app, clock);
    const [first, second] = account.recoveryCodes as [string, string];

    const used = await answer(account, first.toUpperCase());
    expect(used.statusCode).toBe(200);
    expect(decodeJwt(used.json().session.access_token).payload).toMatchObject({
      aal: 'aal2',
      amr: ['pwd', 'recovery_code'],
    });
    const again = await answer(account, first.replace(/-/g, ''));
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_mfa_code' });
    expect((await answer(account, second.replace(/-/g, ''))).statusCode).toBe(200);
  });
});
