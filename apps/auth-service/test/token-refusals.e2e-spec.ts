import { createPublicKey, createSecretKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testConfig, forgedToken } from '@app/core/testing';
import { bearer, decodeJwt, logout, registerUser, verifyToken } from './support/accounts';
import { expectProblem } from './support/problem-assertions';
import { startTestApp, TestApp } from './support/test-app';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/*
 * Tokens the service must refuse, each at verify-token and on a protected route. Most are signed
 * with the service's own key, so that only the aspect named is wrong.
 */
describe('access tokens refused at verify-token and on protected routes', () => {
  const signingKey = rsa();
  const retiringKid = 'retiring-key';
  let t: TestApp;
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    const config = testConfig({ JWT_PRIVATE_KEY: pem(signingKey) });
    const retiring = { ...createPublicKey(rsa()).export({ format: 'jwk' }), kid: retiringKid, alg: 'RS256' };
    const file = join(config.dataDir, 'retiring.jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [retiring] }));
    t = await startTestApp({}, { ...config, jwt: { ...config.jwt, publicKeysFile: file } });
    const { session } = await registerUser(t.app);
    ({ header, payload: claims } = decodeJwt(session.access_token));
  });

  afterAll(async () => {
    await t?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const signed = (h: object, c: object, key: KeyObject | undefined = signingKey) =>
    forgedToken({ ...header, ...h }, { ...claims, ...c }, key);

  /** 401 with the contract's challenge at verify-token and at GET /v1/user/me. */
  const expectRefused = async (token: string) => {
    const verified = await verifyToken(t.app, token);
    expectProblem(verified, 401, 'unauthorized');
    expect(verified.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const me = await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(token) });
    expectProblem(me, 401, 'unauthorized');
    expect(me.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  };

  it('accepts a copy of a real token re-signed with the service key, at both', async () => {
    const token = signed({}, { jti: 'copy' });
    expect((await verifyToken(t.app, token)).statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/v1/user/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
  });

  it('refuses alg none', async () => {
    for (const alg of ['none', 'None', 'NONE']) await expectRefused(signed({ alg }, {}, undefined));
  });

  it('refuses HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const publicPem = createPublicKey(signingKey).export({ type: 'spki', format: 'pem' });
    await expectRefused(signed({ alg: 'HS256' }, {}, createSecretKey(Buffer.from(publicPem))));
    const publicJwk = JSON.stringify(createPublicKey(signingKey).export({ format: 'jwk' }));
    await expectRefused(signed({ alg: 'HS256' }, {}, createSecretKey(Buffer.from(publicJwk))));
  });

  it('refuses a wrong typ', async () => {
    for (const typ of ['JWT', 'at+JWT', undefined]) await expectRefused(signed({ typ }, {}));
  });

  it("refuses a wrong kid (another key's) and an unknown kid", async () => {
    await expectRefused(signed({ kid: retiringKid }, {}));
    await expectRefused(signed({ kid: 'unknown' }, {}));
    await expectRefused(signed({ kid: undefined }, {}));
  });

  it('refuses an expired token, a future iat, an over-long lifetime and a non-integer exp', async () => {
    await expectRefused(signed({}, { iat: now() - 1000, exp: now() - 100 }));
    await expectRefused(signed({}, { iat: now() + 120, exp: now() + 900 }));
    await expectRefused(signed({}, { iat: now(), exp: now() + 86_400 }));
    await expectRefused(signed({}, { exp: (claims.exp as number) + 0.5 }));
  });

  it('refuses the token of a revoked session', async () => {
    const { session } = await registerUser(t.app);
    expect((await verifyToken(t.app, session.access_token)).statusCode).toBe(200);
    expect((await logout(t.app, session.access_token)).statusCode).toBe(204);
    await expectRefused(session.access_token);
  });

  it('asks for a token, with the realm challenge, when there is none', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/v1/user/me' });
    expectProblem(me, 401, 'unauthorized');
    expect(me.headers['www-authenticate']).toBe('Bearer realm="auth-service"');
  });
});
