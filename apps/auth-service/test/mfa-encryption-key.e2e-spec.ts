import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestClock, testConfig } from '@app/core/testing';
import { nextCode, passwordStep, registerWithMfa, verifyMfa } from './support/mfa';
import { startTestApp, TestApp } from './support/test-app';

describe('TOTP secrets after a restart with another MFA_ENCRYPTION_KEY', () => {
  const clock = new TestClock();
  const rightKey = randomBytes(32).toString('base64');
  const wrongKey = randomBytes(32).toString('base64');
  const rightConfig = testConfig({ MFA_ENCRYPTION_KEY: rightKey });
  let running: TestApp | undefined;
  const started: TestApp[] = [];

  /**
   * Every line the instances of this file logged. nestjs-pino keeps one root logger per process,
   * so the lines of a later instance may land in an earlier instance's capture.
   */
  const loggedLines = () => started.flatMap((instance) => instance.logs.lines);

  /** One instance at a time, each on the run's database, as an operator would restart it. */
  const restart = async (config = rightConfig): Promise<TestApp> => {
    await running?.close();
    running = await startTestApp({}, config, { clock });
    started.push(running);
    return running;
  };

  afterAll(async () => {
    await running?.close();
  });

  it('answers 503 without accepting the code, says why in the log, and never logs a key', async () => {
    const original = await restart();
    const account = await registerWithMfa(original.app, clock);
    const token = await passwordStep(original.app, account.email, account.password);
    const code = await nextCode(clock, account.secret);

    const rekeyed = await restart(testConfig({ MFA_ENCRYPTION_KEY: wrongKey }));
    const refused = await verifyMfa(rekeyed.app, token, code);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'service_unavailable' });
    expect(refused.json()).not.toHaveProperty('session');
    const sessions: Array<{ count: string }> = await rekeyed.app
      .get(DataSource)
      .query(`SELECT count(*) FROM sessions WHERE user_id = $1 AND aal = 'aal2'`, [account.userId]);
    expect(sessions[0]!.count).toBe('0');

    const errors = loggedLines()
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.level === 50);
    expect(errors.map((entry) => entry.msg).join('\n')).toMatch(/MFA_ENCRYPTION_KEY does not match/);
    expect(loggedLines().join('\n')).not.toContain(wrongKey);
    expect(loggedLines().join('\n')).not.toContain(rightKey);
    expect(loggedLines().join('\n')).not.toContain(account.secret);

    // Nothing was spent: once the right key is back, the same token and code work.
    const restored = await restart();
    const accepted = await verifyMfa(restored.app, token, code);
    expect(accepted.statusCode).toBe(200);
  });
});
