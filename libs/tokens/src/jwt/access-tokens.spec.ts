import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@app/core';
import { TestClock } from '@app/core/testing';
import { SigningKeys } from '../keys/signing-keys';
import { accessTokensFixture as setup, subject } from '../testing/access-tokens-fixture';
import { AccessTokens } from './access-tokens';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

function claims(config: AppConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: config.jwt.issuer,
    aud: config.jwt.audience,
    sub: subject.userId,
    sid: subject.sessionId,
    jti: 'a-jti',
    iat: now(),
    exp: now() + 600,
    email: subject.email,
    amr: ['pwd'],
    aal: 'aal1',
    ...extra,
  };
}

describe('AccessTokens', () => {
  describe('with the default RS256 key', () => {
    let config: AppConfig;
    let keys: SigningKeys;
    let tokens: AccessTokens;
    let privateKey: KeyObject;

    /** Signs with the service's own key, so that only the aspect under test is wrong. */
    const forge = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...header }).sign(privateKey);

    beforeAll(async () => {
      ({ config, keys, tokens } = await setup());
      privateKey = keys.signingKey;
    });

    it('issues a token that verifies, with the claims of the contract', async () => {
      const { token, expiresIn } = await tokens.issue(subject);
      expect(expiresIn).toBe(900);
      const [header] = token.split('.');
      expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
        alg: 'RS256',
        kid: keys.signingKid,
        typ: 'at+jwt',
      });
      const verified = await tokens.verify(token);
      expect(verified).toMatchObject({
        iss: 'auth-service',
        aud: 'authenticated',
        sub: subject.userId,
        sid: subject.sessionId,
        email: subject.email,
        app_metadata: { roles: ['editor'] },
        amr: ['pwd'],
        aal: 'aal1',
      });
      expect(verified!.exp - verified!.iat).toBe(900);
      expect(typeof verified!.jti).toBe('string');
    });

    it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s', async (alg) => {
      const unsigned = `${b64({ alg, typ: 'at+jwt', kid: keys.signingKid })}.${b64(claims(config))}.`;
      expect(await tokens.verify(unsigned)).toBeUndefined();
    });

    it('refuses an HS256 token signed with the public key (algorithm confusion)', async () => {
      const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
      const forged = await new SignJWT(claims(config))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keys.signingKid })
        .sign(Buffer.from(publicPem));
      expect(await tokens.verify(forged)).toBeUndefined();
    });

    it('refuses a tampered payload and a tampered signature', async () => {
      const { token } = await tokens.issue(subject);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const altered = b64({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sub: 'someone-else',
      });
      expect(await tokens.verify(`${header}.${altered}.${signature}`)).toBeUndefined();
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toBeUndefined();
    });

    it('refuses expired and not-yet-valid tokens, within 30 s of leeway', async () => {
      const header = { typ: 'at+jwt', kid: keys.signingKid };
      expect(await tokens.verify(await forge(header, claims(config, { exp: now() - 60 })))).toBeUndefined();
      expect(await tokens.verify(await forge(header, claims(config, { exp: now() - 10 })))).toBeDefined();
      expect(await tokens.verify(await forge(header, claims(config, { nbf: now() + 120 })))).toBeUndefined();
    });

    it('refuses a wrong issuer, audience or type', async () => {
      const kid = keys.signingKid;
      expect(
        await tokens.verify(await forge({ typ: 'at+jwt', kid }, claims(config, { iss: 'evil' }))),
      ).toBeUndefined();
      expect(
        await tokens.verify(await forge({ typ: 'at+jwt', kid }, claims(config, { aud: 'other' }))),
      ).toBeUndefined();
      expect(await tokens.verify(await forge({ typ: 'JWT', kid }, claims(config)))).toBeUndefined();
      expect(await tokens.verify(await forge({ kid }, claims(config)))).toBeUndefined();
    });

    it('refuses unknown, missing and injected key ids', async () => {
      for (const kid of ['unknown', '../../../../dev/null', "' OR '1'='1", undefined]) {
        const header = kid === undefined ? { typ: 'at+jwt' } : { typ: 'at+jwt', kid };
        expect(await tokens.verify(await forge(header, claims(config)))).toBeUndefined();
      }
    });

    it('never trusts a key carried in the token (jwk, jku, x5u) or a crit extension', async () => {
      const attacker = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(attacker.publicKey);
      const payload = claims(config);
      const embedded = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', jwk })
        .sign(attacker.privateKey);
      const jku = await new SignJWT(payload)
        .setProtectedHeader({
          alg: 'RS256',
          typ: 'at+jwt',
          kid: keys.signingKid,
          jku: 'http://127.0.0.1:9/jwks',
        })
        .sign(attacker.privateKey);
      const sameKidOtherKey = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.signingKid })
        .sign(attacker.privateKey);
      const critInput = `${b64({ alg: 'RS256', typ: 'at+jwt', kid: keys.signingKid, crit: ['urn:x'], 'urn:x': 1 })}.${b64(payload)}`;
      const crit = `${critInput}.${sign('sha256', Buffer.from(critInput), privateKey).toString('base64url')}`;
      for (const token of [embedded, jku, sameKidOtherKey, crit]) {
        expect(await tokens.verify(token)).toBeUndefined();
      }
    });

    it('refuses refresh tokens, garbage and oversized input as access tokens', async () => {
      for (const token of ['x'.repeat(43), 'not.a.jwt', '', 'a.b', `${'e'.repeat(5000)}.x.y`]) {
        expect(await tokens.verify(token)).toBeUndefined();
      }
    });

    it('publishes the signing key in the JWKS with its RFC 7638 thumbprint as kid', () => {
      const [jwk, ...rest] = keys.jwks().keys;
      expect(rest).toHaveLength(0);
      expect(jwk).toMatchObject({ kty: 'RSA', kid: keys.signingKid, alg: 'RS256', use: 'sig' });
      expect(jwk).not.toHaveProperty('d');
      expect(keys.signingKid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('verifying each token once', () => {
    it('answers a token presented again from memory, without its key', async () => {
      const { keys, tokens } = await setup();
      const { token } = await tokens.issue(subject);
      const first = await tokens.verify(token);
      const second = (await tokens.issue(subject)).token;

      jest.spyOn(keys, 'verificationKey').mockReturnValue(undefined);
      expect(await tokens.verify(token)).toBe(first);
      expect(await tokens.verify(second)).toBeUndefined();
      expect(Object.isFrozen(first)).toBe(true);
    });

    it('verifies every presentation afresh with ACCESS_TOKEN_CACHE_SIZE=0', async () => {
      const { keys, tokens } = await setup({ ACCESS_TOKEN_CACHE_SIZE: '0' });
      const { token } = await tokens.issue(subject);
      expect(await tokens.verify(token)).toMatchObject({ sub: subject.userId });

      const lookups = jest.spyOn(keys, 'verificationKey');
      expect(await tokens.verify(token)).toMatchObject({ sub: subject.userId });
      expect(lookups).toHaveBeenCalledTimes(1);
    });

    it('remembers at most ACCESS_TOKEN_CACHE_SIZE tokens, forgetting the least recently used', async () => {
      const { keys, tokens } = await setup({ ACCESS_TOKEN_CACHE_SIZE: '2' });
      const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await tokens.issue(subject)).token));
      for (const token of [a!, b!, a!, c!]) await tokens.verify(token);

      const lookups = jest.spyOn(keys, 'verificationKey');
      await tokens.verify(a!);
      await tokens.verify(c!);
      expect(lookups).not.toHaveBeenCalled();
      await tokens.verify(b!);
      expect(lookups).toHaveBeenCalledTimes(1);
    });

    it('never answers a tampered token from memory', async () => {
      const { tokens } = await setup();
      const { token } = await tokens.issue(subject);
      await tokens.verify(token);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const altered = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), aal: 'aal2' });

      expect(await tokens.verify(`${header}.${altered}.${signature}`)).toBeUndefined();
      expect(await tokens.verify(`${header}.${payload}.${signature.slice(0, -1)}`)).toBeUndefined();
      expect(await tokens.verify(token)).toMatchObject({ aal: 'aal1' });
    });

    it('stops answering a remembered token once it has expired', async () => {
      const clock = new TestClock();
      const { tokens } = await setup({ ACCESS_TOKEN_TTL: '60' }, clock);
      const { token } = await tokens.issue(subject);
      expect(await tokens.verify(token)).toBeDefined();

      clock.advance(59);
      expect(await tokens.verify(token)).toBeDefined();
      clock.advance(1 + 30);
      expect(await tokens.verify(token)).toBeUndefined();
    });
  });

  it.each(['PS256', 'ES256', 'HS256'] as const)('issues and verifies %s tokens', async (algorithm) => {
    const { tokens, keys } = await setup({ JWT_ALGORITHM: algorithm });
    const { token } = await tokens.issue(subject);
    expect(await tokens.verify(token)).toMatchObject({ sub: subject.userId });
    expect(keys.jwks().keys).toHaveLength(algorithm === 'HS256' ? 0 : 1);
  });

  it('keeps verifying tokens of a retiring key listed in JWT_PUBLIC_KEYS_FILE', async () => {
    const old = await setup();
    const { token } = await old.tokens.issue(subject);
    const retiring = old.keys.jwks();
    const file = join(old.config.dataDir, 'retiring.jwks.json');
    writeFileSync(file, JSON.stringify(retiring));

    const next = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const rotated = await setup({ JWT_PRIVATE_KEY: next.toString(), JWT_PUBLIC_KEYS_FILE: file });
    expect(rotated.keys.signingKid).not.toBe(old.keys.signingKid);
    expect(rotated.keys.jwks().keys.map((k) => k.kid)).toEqual([
      rotated.keys.signingKid,
      old.keys.signingKid,
    ]);
    expect(await rotated.tokens.verify(token)).toMatchObject({ sub: subject.userId });
    const fresh = (await rotated.tokens.issue(subject)).token;
    expect(await old.tokens.verify(fresh)).toBeUndefined();
  });
});
