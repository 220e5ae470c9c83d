import type { KeyObject } from 'node:crypto';
import { forgedToken } from '@app/core/testing';
import { accessTokensFixture, AccessTokensFixture, subject } from '../testing/access-tokens-fixture';

const now = () => Math.floor(Date.now() / 1000);

/*
 * Defence in depth: each token here carries the signature of the service's own key, so only the
 * aspect under test is wrong, as with a leaked or mis-issued key.
 */
describe('what AccessTokens accepts from a token signed with its own key', () => {
  let f: AccessTokensFixture;
  let privateKey: KeyObject;

  beforeAll(async () => {
    f = await accessTokensFixture();
    privateKey = f.keys.signingKey;
  });

  const header = (extra: Record<string, unknown> = {}) => ({
    alg: 'RS256',
    typ: 'at+jwt',
    kid: f.keys.signingKid,
    ...extra,
  });
  const claims = (extra: Record<string, unknown> = {}) => {
    const iat = now();
    return {
      iss: f.config.jwt.issuer,
      aud: f.config.jwt.audience,
      sub: subject.userId,
      sid: subject.sessionId,
      jti: 'a-jti',
      iat,
      exp: iat + 900,
      email: subject.email,
      amr: ['pwd'],
      aal: 'aal1',
      ...extra,
    };
  };
  const verify = (h: object, c: object) => f.tokens.verify(forgedToken(h, c, privateKey));

  it('accepts the forged baseline, so that each refusal below is about one thing', async () => {
    expect(await verify(header(), claims())).toMatchObject({ sub: subject.userId });
    expect(await verify(header(), claims({ nbf: now() }))).toBeDefined();
  });

  it('refuses an iat more than 30 s in the future', async () => {
    expect(await verify(header(), claims({ iat: now() + 29, exp: now() + 900 }))).toBeDefined();
    expect(await verify(header(), claims({ iat: now() + 60, exp: now() + 900 }))).toBeUndefined();
  });

  it('refuses a lifetime beyond ACCESS_TOKEN_TTL plus 30 s', async () => {
    const iat = now();
    expect(await verify(header(), claims({ iat, exp: iat + 900 + 30 }))).toBeDefined();
    expect(await verify(header(), claims({ iat, exp: iat + 900 + 31 }))).toBeUndefined();
    expect(await verify(header(), claims({ iat: iat - 86_400, exp: iat + 600 }))).toBeUndefined();
  });

  it.each([
    ['a fractional exp', { exp: now() + 600.5 }],
    ['a string exp', { exp: String(now() + 600) }],
    ['an exp beyond safe integers', { exp: 2 ** 60 }],
    ['no exp', { exp: undefined }],
    ['a fractional iat', { iat: now() - 0.5 }],
    ['a string iat', { iat: String(now()) }],
    ['no iat', { iat: undefined }],
    ['a fractional nbf', { nbf: now() - 0.5 }],
    ['a string nbf', { nbf: String(now()) }],
    ['a null nbf', { nbf: null }],
  ])('refuses %s', async (_case, extra) => {
    expect(await verify(header(), claims(extra))).toBeUndefined();
  });

  it.each([
    ['crit', { crit: ['exp'] }],
    ['jku', { jku: 'https://attacker.example/jwks.json' }],
    ['jwk', { jwk: { kty: 'RSA', n: 'sXch', e: 'AQAB' } }],
    ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
    ['x5c', { x5c: ['MIIB'] }],
  ])('refuses a %s header', async (_case, extra) => {
    expect(await verify(header(extra), claims())).toBeUndefined();
  });

  it('refuses a wrong typ, a kid of another type, and claims of another shape', async () => {
    for (const h of [header({ typ: 'JWT' }), header({ typ: undefined }), header({ kid: 7 })]) {
      expect(await verify(h, claims())).toBeUndefined();
    }
    for (const c of [claims({ aal: 'aal3' }), claims({ amr: 'pwd' }), claims({ sid: undefined })]) {
      expect(await verify(header(), c)).toBeUndefined();
    }
  });
});
