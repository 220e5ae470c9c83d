import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { JwtAlgorithm, KEY_NEEDED, keyFits } from '@app/core';

/** A clear start-up error when a key kept in DATA_DIR does not fit the configured algorithm. */
export function assertKeyFits(algorithm: Exclude<JwtAlgorithm, 'HS256'>, key: KeyObject): void {
  if (!keyFits(algorithm, key)) {
    throw new Error(
      `JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=${algorithm}: it needs ${KEY_NEEDED[algorithm]}`,
    );
  }
}

export function parsePrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new Error('JWT_PRIVATE_KEY is not a PEM private key', { cause: error });
  }
}

/** A fresh development key for the algorithm, as PKCS#8 PEM (or a random secret for HS256). */
export function generateKeyMaterial(algorithm: JwtAlgorithm): string {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  switch (algorithm) {
    case 'RS256':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding })
        .privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding })
        .privateKey;
    case 'HS256':
      return randomBytes(48).toString('base64url');
  }
}
