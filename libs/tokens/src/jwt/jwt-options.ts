import { JwtModuleOptions, JwtSecretRequestType } from '@nestjs/jwt';
import type { AppConfig } from '@app/core';
import { SigningKeys } from '../keys/signing-keys';
import { ACCESS_TOKEN_TYPE } from './access-token-claims';
import { jsonWebTokenOptions } from './access-token-rules';

/**
 * `JwtService` as access tokens need it: signed with the configured algorithm, `typ` at+jwt, and
 * the key chosen per token (the signing key; for verification the key its `kid` names, once its
 * header has passed the rules). Keys are the `KeyObject`s loaded at start-up.
 */
export function jwtModuleOptions(config: AppConfig, keys: SigningKeys): JwtModuleOptions {
  const { algorithm } = config.jwt;
  return {
    signOptions: { algorithm, header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE } },
    verifyOptions: jsonWebTokenOptions(config.jwt),
    secretOrKeyProvider: (requestType, tokenOrPayload) => {
      if (requestType === JwtSecretRequestType.SIGN) return keys.signingKey;
      const key = typeof tokenOrPayload === 'string' ? keys.keyForToken(tokenOrPayload) : undefined;
      if (!key) throw new Error('no verification key for this token');
      return key;
    },
  };
}
