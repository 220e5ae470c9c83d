import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '@app/core';
import { testConfig } from '@app/core/testing';
import { bearer, registerUser, STRONG_PASSWORD, verifyToken } from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { refusedWithin } from './support/polling';
import { startTestApp, TestApp } from './support/test-app';

const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** Disabling and deleting accounts as replicas behind one gateway see it. */
describe('disable and delete across replicas', () => {
  let config: AppConfig;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    config = testConfig({
      ...ADMIN_KEYS_ENV,
      JWT_PRIVATE_KEY: SIGNING_KEY.replace(/\n/g, '\\n'),
      MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    [a, b] = await Promise.all([startTestApp({}, config), startTestApp({}, config)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('refuses on the other instance, within 100 ms, the tokens of an account disabled on one', async () => {
    const { userId, session } = await registerUser(a.app);
    expect((await verifyToken(b.app, session.access_token)).statusCode).toBe(200);
    expect((await admin(a.app, 'PATCH', `/users/${userId}`, { disabled: true })).statusCode).toBe(200);
    expect(await refusedWithin(b.app, session.access_token, 100)).toBeLessThan(100);
  });

  it('refuses on the other instance, within 100 ms, the tokens of an account deleted by an operator', async () => {
    const { userId, session } = await registerUser(a.app);
    expect((await verifyToken(b.app, session.access_token)).statusCode).toBe(200);
    expect((await admin(a.app, 'DELETE', `/users/${userId}`)).statusCode).toBe(204);
    expect(await refusedWithin(b.app, session.access_token, 100)).toBeLessThan(100);
  });

  it('refuses on the other instance, within 100 ms, the tokens of an account its holder deleted', async () => {
    const { session } = await registerUser(b.app);
    expect((await verifyToken(a.app, session.access_token)).statusCode).toBe(200);
    const res = await b.app.inject({
      method: 'DELETE',
      url: '/v1/user',
      headers: bearer(session.access_token),
      payload: { password: STRONG_PASSWORD },
    });
    expect(res.statusCode).toBe(204);
    expect(await refusedWithin(a.app, session.access_token, 100)).toBeLessThan(100);
  });

  it('refuses on an instance started after the deletion the tokens of the deleted account', async () => {
    const { userId, session } = await registerUser(a.app);
    expect((await admin(a.app, 'DELETE', `/users/${userId}`)).statusCode).toBe(204);
    const c = await startTestApp({}, config);
    try {
      // Once its subscription is up and its revocations reloaded, memory answers: the deleted
      // sessions must be among them although their rows are gone.
      await sleep(300);
      expect((await verifyToken(c.app, session.access_token)).statusCode).toBe(401);
    } finally {
      await c.close();
    }
  });
});
