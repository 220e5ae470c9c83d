import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ed25519 = generateKeyPairSync('ed25519').privateKey;

function configError(env: Env, cwd: string): string {
  let thrown: unknown;
  try {
    loadConfig(env, cwd);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as Error).message;
}

describe('JWT settings', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-jwt-config-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['RS256', rsa],
    ['ES256', ec],
    ['PS256', rsa],
  ])('accepts an inline %s key written with \\n escapes', (algorithm, key) => {
    const config = loadConfig(
      { JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: pem(key).replace(/\n/g, '\\n') },
      dir,
    );

    expect(config.jwt.privateKey).toBe(pem(key));
  });

  it('refuses EdDSA in one line naming the supported algorithms, whatever the key', () => {
    for (const key of [ed25519, rsa]) {
      const message = configError({ JWT_ALGORITHM: 'EdDSA', JWT_PRIVATE_KEY: pem(key) }, dir);

      expect(message).toContain(
        'JWT_ALGORITHM=EdDSA is no longer supported: set it to RS256, PS256, ES256, HS256',
      );
      expect(message).not.toContain('does not fit');
      expect(message).not.toContain('\n');
    }
    expect(configError({ JWT_ALGORITHM: 'RS512' }, dir)).toContain(
      'JWT_ALGORITHM must be one of RS256, PS256, ES256, HS256 (got "RS512")',
    );
  });

  it('reads JWT_PRIVATE_KEY_FILE, relative to the working directory', () => {
    writeFileSync(join(dir, 'signing.pem'), pem(ec));

    expect(
      loadConfig({ JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: 'signing.pem' }, dir).jwt.privateKey,
    ).toBe(pem(ec));
  });

  it.each([
    ['RS256', ec, 'an RSA key of 2048 bits or more'],
    [
      'RS256',
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      'an RSA key of 2048 bits or more',
    ],
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'an EC P-256 key'],
    ['PS256', ec, 'an RSA key of 2048 bits or more'],
  ])('refuses a key that cannot sign %s', (algorithm, key, needed) => {
    const message = configError({ JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: pem(key) }, dir);

    expect(message).toContain(`JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=${algorithm}: it needs ${needed}`);
    expect(message).not.toContain('PRIVATE KEY-----');
  });

  it('refuses a key file that is missing or holds no key, naming the file', () => {
    writeFileSync(join(dir, 'public.pem'), createPublicKey(rsa).export({ type: 'spki', format: 'pem' }));

    expect(configError({ JWT_PRIVATE_KEY_FILE: 'absent.pem' }, dir)).toContain(
      'JWT_PRIVATE_KEY_FILE cannot be read ("absent.pem")',
    );
    expect(configError({ JWT_PRIVATE_KEY_FILE: 'public.pem' }, dir)).toContain(
      'JWT_PRIVATE_KEY_FILE must hold an unencrypted PEM private key',
    );
  });

  it('refuses both JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE', () => {
    writeFileSync(join(dir, 'signing.pem'), pem(rsa));

    expect(configError({ JWT_PRIVATE_KEY: pem(rsa), JWT_PRIVATE_KEY_FILE: 'signing.pem' }, dir)).toContain(
      'set only one of JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE',
    );
  });

  it('wants an HS256 secret of at least 32 bytes', () => {
    expect(configError({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'x'.repeat(31) }, dir)).toContain(
      'JWT_SECRET must be at least 32 bytes',
    );
    expect(loadConfig({ JWT_ALGORITHM: 'HS256', JWT_SECRET: 'x'.repeat(32) }, dir).jwt.secret).toBe(
      'x'.repeat(32),
    );
  });

  it('accepts a JWKS of public keys and keeps its absolute path', () => {
    const jwk = { ...createPublicKey(ec).export({ format: 'jwk' }), kid: 'retiring-2025', alg: 'ES256' };
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));

    expect(loadConfig({ JWT_PUBLIC_KEYS_FILE: 'jwks.json' }, dir).jwt.publicKeysFile).toBe(
      join(dir, 'jwks.json'),
    );
  });

  it.each([
    ['a missing file', undefined, 'JWT_PUBLIC_KEYS_FILE cannot be read ("jwks.json")'],
    ['a file that is not JSON', 'keys: []', 'JWT_PUBLIC_KEYS_FILE is not JSON ("jwks.json")'],
    ['JSON that is not a key set', '[]', 'JWT_PUBLIC_KEYS_FILE must be a JWK set'],
    [
      'a key without kid',
      JSON.stringify({ keys: [{ kty: 'EC' }] }),
      'JWT_PUBLIC_KEYS_FILE key 1 has no "kid"',
    ],
    [
      'a shared secret',
      JSON.stringify({ keys: [{ kty: 'oct', kid: 'hs', k: 'S3CRET' }] }),
      'JWT_PUBLIC_KEYS_FILE key 1 ("hs") is a shared secret',
    ],
    [
      'a key that does not parse',
      JSON.stringify({ keys: [{ kty: 'RSA', kid: 'broken', n: 'AQAB' }] }),
      'JWT_PUBLIC_KEYS_FILE key 1 ("broken") is not a usable public key',
    ],
  ])('refuses %s as JWT_PUBLIC_KEYS_FILE', (_case, content, expected) => {
    if (content !== undefined) writeFileSync(join(dir, 'jwks.json'), content);

    const message = configError({ JWT_PUBLIC_KEYS_FILE: 'jwks.json' }, dir);

    expect(message).toContain(expected);
    expect(message).not.toContain('S3CRET');
  });
});
