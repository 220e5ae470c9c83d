import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, Env } from '@app/core';
import { testConfig } from '@app/core/testing';
import { AccessTokens, AccessTokenSubject } from '../jwt/access-tokens';
import { jwtModuleOptions } from '../jwt/jwt-options';
import { SigningKeys } from '../keys/signing-keys';

export const subject: AccessTokenSubject = {
  userId: '6c1e3f1c-3a52-4f0f-9d59-0d6c3b8b8a01',
  sessionId: '0b6b7a54-1c1f-4c37-9a52-7f2f59a4b1e2',
  email: 'user@example.test',
  appMetadata: { roles: ['editor'] },
  amr: ['pwd'],
  aal: 'aal1',
};

export interface AccessTokensFixture {
  config: AppConfig;
  keys: SigningKeys;
  tokens: AccessTokens;
}

/** `AccessTokens` over a `JwtService` configured as the tokens module does, with its keys loaded. */
export async function accessTokensFixture(
  overrides: Env = {},
  clock: Clock = new Clock(),
): Promise<AccessTokensFixture> {
  const config = testConfig(overrides);
  const keys = new SigningKeys(config);
  await keys.onModuleInit();
  const jwt = new JwtService(jwtModuleOptions(config, keys));
  return { config, keys, tokens: new AccessTokens(config, keys, clock, jwt) };
}
