import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import type { JwtAlgorithm } from '@app/core';

/** What each signing algorithm needs of its key, for a clear start-up error when it does not fit. */
export function assertKeyFits(algorithm: JwtAlgorithm, key: KeyObject): void {
  const details = key.asymmetricKeyDetails;
  const fits =
    (algorithm === 'RS256' && key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) ||
    (algorithm === 'ES256' && key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') ||
    (algorithm === 'EdDSA' && key.asymmetricKeyType === 'ed25519');
  if (!fits) {
    const wanted = {
      RS256: 'an RSA key of 2048 bits or more',
      ES256: 'an EC P-256 key',
      EdDSA: 'an Ed25519 key',
    };
    throw new Error(
      `JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=${algorithm}: it needs ${wanted[algorithm as 'RS256']}`,
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
      return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding })
        .privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding })
        .privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519', { privateKeyEncoding, publicKeyEncoding }).privateKey;
    case 'HS256':
      return randomBytes(48).toString('base64url');
  }
}
