import { createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig, JwtAlgorithm } from './app-config';
import { EnvReader, shown } from './env-reader';

const ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'PS256', 'ES256', 'HS256'];
/** What each asymmetric algorithm needs of its signing key, as start-up errors say it. */
export const KEY_NEEDED: Record<Exclude<JwtAlgorithm, 'HS256'>, string> = {
  RS256: 'an RSA key of 2048 bits or more',
  PS256: 'an RSA key of 2048 bits or more',
  ES256: 'an EC P-256 key',
};

/** Signing and verification settings; a key that cannot sign with the algorithm stops start-up here. */
export function readJwt(r: EnvReader, isProduction: boolean, cwd: string): AppConfig['jwt'] {
  const chosen = readAlgorithm(r);
  const algorithm = chosen ?? 'RS256';
  const privateKey = readPrivateKey(r, chosen, cwd);
  const secret = r.raw('JWT_SECRET');
  if (algorithm === 'HS256') {
    r.require(
      !isProduction,
      'JWT_ALGORITHM=HS256 is for development only: set JWT_ALGORITHM to RS256, PS256 or ES256 and JWT_PRIVATE_KEY_FILE when NODE_ENV=production',
    );
    r.require(
      secret === undefined || Buffer.byteLength(secret) >= 32,
      'JWT_SECRET must be at least 32 bytes',
    );
  } else if (isProduction) {
    r.require(
      privateKey !== undefined,
      `JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required when NODE_ENV=production: set one to ${KEY_NEEDED[algorithm]} in PEM for JWT_ALGORITHM=${algorithm} (generated keys are for development only)`,
    );
  }
  const keyId = r.raw('JWT_KEY_ID');
  if (keyId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(keyId)) {
    r.fail(`JWT_KEY_ID must be 1 to 128 visible ASCII characters (got ${shown(keyId)})`, undefined);
  }
  const jwt = {
    algorithm,
    privateKey,
    keyId,
    publicKeysFile: readPublicKeysFile(r, cwd),
    secret,
    issuer: r.string('JWT_ISSUER', 'auth-service'),
    audience: r.string('JWT_AUDIENCE', 'authenticated'),
    accessTokenTtl: r.int('ACCESS_TOKEN_TTL', 900, 30, 86_400),
    accessTokenCacheSize: r.int('ACCESS_TOKEN_CACHE_SIZE', 10_000, 0, 1_000_000),
    refreshTokenTtl: r.int('REFRESH_TOKEN_TTL', 2_592_000, 60, 31_536_000),
    refreshTokenReuseInterval: r.int('REFRESH_TOKEN_REUSE_INTERVAL', 10, 0, 300),
    mfaTokenTtl: r.int('MFA_TOKEN_TTL', 300, 30, 3600),
  };
  r.require(
    jwt.refreshTokenTtl > jwt.accessTokenTtl,
    `REFRESH_TOKEN_TTL (${jwt.refreshTokenTtl}) must be longer than ACCESS_TOKEN_TTL (${jwt.accessTokenTtl})`,
  );
  return jwt;
}

/**
 * The algorithm, or undefined when it is refused. EdDSA, which earlier versions signed with, gets a
 * message of its own: jsonwebtoken, which signs and verifies tokens now, cannot verify it.
 */
function readAlgorithm(r: EnvReader): JwtAlgorithm | undefined {
  const value = r.raw('JWT_ALGORITHM');
  if (value === 'EdDSA') {
    return r.fail(
      `JWT_ALGORITHM=EdDSA is no longer supported: set it to ${ALGORITHMS.join(', ')} (with JWT_PRIVATE_KEY for it)`,
      undefined,
    );
  }
  if (value !== undefined && !(ALGORITHMS as readonly string[]).includes(value)) {
    return r.fail(`JWT_ALGORITHM must be one of ${ALGORITHMS.join(', ')} (got ${shown(value)})`, undefined);
  }
  return (value as JwtAlgorithm | undefined) ?? 'RS256';
}

/** The PEM; checked against the algorithm unless that was refused (one complaint is enough). */
function readPrivateKey(r: EnvReader, algorithm: JwtAlgorithm | undefined, cwd: string): string | undefined {
  const inline = r.raw('JWT_PRIVATE_KEY');
  const file = r.raw('JWT_PRIVATE_KEY_FILE');
  if (inline !== undefined && file !== undefined) {
    return r.fail('set only one of JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE', undefined);
  }
  let pem = inline?.replace(/\\n/g, '\n');
  const source = file === undefined ? 'JWT_PRIVATE_KEY' : 'JWT_PRIVATE_KEY_FILE';
  if (file !== undefined) {
    try {
      pem = readFileSync(resolve(cwd, file), 'utf8');
    } catch {
      return r.fail(`JWT_PRIVATE_KEY_FILE cannot be read (${shown(file)})`, undefined);
    }
  }
  if (pem === undefined || algorithm === undefined || algorithm === 'HS256') return pem;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return r.fail(`${source} must hold an unencrypted PEM private key`, pem);
  }
  if (!keyFits(algorithm, key)) {
    r.fail(`${source} does not fit JWT_ALGORITHM=${algorithm}: it needs ${KEY_NEEDED[algorithm]}`, pem);
  }
  return pem;
}

export function keyFits(algorithm: Exclude<JwtAlgorithm, 'HS256'>, key: KeyObject): boolean {
  const details = key.asymmetricKeyDetails;
  switch (algorithm) {
    case 'RS256':
    case 'PS256':
      return key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048;
    case 'ES256':
      return key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1';
  }
}

/**
 * The JWKS of retiring keys: readable, and every key usable for verification with a `kid`.
 * Symmetric keys are refused because the set is published. Returned as an absolute path.
 */
function readPublicKeysFile(r: EnvReader, cwd: string): string | undefined {
  const file = r.raw('JWT_PUBLIC_KEYS_FILE');
  if (file === undefined) return undefined;
  const path = resolve(cwd, file);
  let set: { keys?: unknown };
  try {
    set = JSON.parse(readFileSync(path, 'utf8')) as { keys?: unknown };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ? 'cannot be read' : 'is not JSON';
    return r.fail(`JWT_PUBLIC_KEYS_FILE ${reason} (${shown(file)})`, path);
  }
  if (!Array.isArray(set?.keys)) {
    return r.fail('JWT_PUBLIC_KEYS_FILE must be a JWK set: {"keys": [...]}', path);
  }
  (set.keys as unknown[]).forEach((jwk, index) => {
    const problem = publicKeyProblem(jwk);
    if (problem) r.fail(`JWT_PUBLIC_KEYS_FILE key ${index + 1} ${problem}`, undefined);
  });
  return path;
}

function publicKeyProblem(jwk: unknown): string | undefined {
  const { kid, kty } = (jwk ?? {}) as { kid?: unknown; kty?: unknown };
  if (typeof kid !== 'string' || kid === '') return 'has no "kid"';
  if (kty === 'oct') return `(${shown(kid)}) is a shared secret, which must never be published`;
  try {
    createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return undefined;
  } catch {
    return `(${shown(kid)}) is not a usable public key`;
  }
}
