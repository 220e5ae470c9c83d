import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { bearer, type SessionBody } from './accounts';
import { type CeremonyOptions, SoftwareAuthenticator } from '@app/mfa/testing';

/** The RP and the page origin the end-to-end tests configure. */
export const PASSKEY_ORIGIN = 'http://localhost:5173';
export const PASSKEY_ENV = { WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGINS: PASSKEY_ORIGIN };

export interface Options<T> {
  challenge_id: string;
  options: T;
}

export async function registrationOptions(
  app: NestFastifyApplication,
  accessToken: string,
): Promise<Options<PublicKeyCredentialCreationOptionsJSON>> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/passkeys/register/options',
    headers: bearer(accessToken),
  });
  if (res.statusCode !== 200) throw new Error(`register options failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function registerCredential(app: NestFastifyApplication, accessToken: string, payload: object) {
  return app.inject({ method: 'POST', url: '/v1/passkeys/register', headers: bearer(accessToken), payload });
}

/** Adds a passkey of `authenticator` to the account of `accessToken`; returns the `Passkey`. */
export async function addPasskey(
  app: NestFastifyApplication,
  accessToken: string,
  authenticator: SoftwareAuthenticator,
  name?: string,
): Promise<{ id: string; name: string }> {
  const { challenge_id, options } = await registrationOptions(app, accessToken);
  const credential = authenticator.create(options);
  const res = await registerCredential(app, accessToken, {
    challenge_id,
    credential,
    ...(name ? { name } : {}),
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function signInOptions(
  app: NestFastifyApplication,
  body: { email?: string } = {},
): Promise<Options<PublicKeyCredentialRequestOptionsJSON>> {
  const res = await app.inject({ method: 'POST', url: '/v1/passkeys/login/options', payload: body });
  if (res.statusCode !== 200) throw new Error(`login options failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function passkeyLogin(app: NestFastifyApplication, payload: object) {
  return app.inject({ method: 'POST', url: '/v1/passkeys/login', payload });
}

/** A passkey sign-in: options, an assertion of `authenticator` (wrong as asked), the answer. */
export async function signInWithPasskey(
  app: NestFastifyApplication,
  authenticator: SoftwareAuthenticator,
  wrong: CeremonyOptions = {},
  body: { email?: string } = {},
) {
  const { challenge_id, options } = await signInOptions(app, body);
  return passkeyLogin(app, { challenge_id, credential: authenticator.get(options, wrong) });
}

export async function passkeySession(
  app: NestFastifyApplication,
  authenticator: SoftwareAuthenticator,
): Promise<SessionBody> {
  const res = await signInWithPasskey(app, authenticator);
  if (res.statusCode !== 200) throw new Error(`passkey login failed: ${res.statusCode} ${res.body}`);
  return res.json<{ session: SessionBody }>().session;
}

export { SoftwareAuthenticator };
