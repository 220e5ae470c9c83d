import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { generate } from 'otplib';
import type { TestClock } from '@app/core/testing';
import { bearer, login, registerUser, type Registered, type SessionBody } from './accounts';

export interface MfaAccount extends Registered {
  /** The base32 secret an authenticator app would hold. */
  secret: string;
  recoveryCodes: string[];
}

/** The code an authenticator app would show at `epochSeconds` (6 digits, SHA-1, 30 s). */
export function totpAt(secret: string, epochSeconds: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(epochSeconds), algorithm: 'sha1', digits: 6, period: 30 });
}

/**
 * Moves the clock into the next 30-second step and returns that step's code: each accepted code
 * spends its step, so the next use of the factor needs a later one.
 */
export function nextCode(clock: TestClock, secret: string): Promise<string> {
  clock.advance(30);
  return totpAt(secret, clock.now().getTime() / 1000);
}

export function enroll(app: NestFastifyApplication, accessToken: string) {
  return app.inject({ method: 'POST', url: '/v1/mfa/totp/enroll', headers: bearer(accessToken) });
}

export function activate(app: NestFastifyApplication, accessToken: string, code: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/mfa/totp/activate',
    headers: bearer(accessToken),
    payload: { code },
  });
}

export function verifyMfa(app: NestFastifyApplication, mfaToken: string, code: string) {
  return app.inject({ method: 'POST', url: '/v1/mfa/verify', payload: { mfa_token: mfaToken, code } });
}

/** Registers an account and turns TOTP on with its registration session (which stays aal1). */
export async function registerWithMfa(app: NestFastifyApplication, clock: TestClock): Promise<MfaAccount> {
  const account = await registerUser(app);
  const enrolled = await enroll(app, account.session.access_token);
  if (enrolled.statusCode !== 201) throw new Error(`enroll failed: ${enrolled.statusCode} ${enrolled.body}`);
  const { secret } = enrolled.json<{ secret: string }>();
  const activated = await activate(app, account.session.access_token, await nextCode(clock, secret));
  if (activated.statusCode !== 200)
    throw new Error(`activate failed: ${activated.statusCode} ${activated.body}`);
  return { ...account, secret, recoveryCodes: activated.json<{ recovery_codes: string[] }>().recovery_codes };
}

/** Signs in with the password and returns the `mfa_token` of the MFA step. */
export async function passwordStep(
  app: NestFastifyApplication,
  email: string,
  password: string,
): Promise<string> {
  const res = await login(app, email, password);
  const body = res.json<{ mfa_token?: string }>();
  if (res.statusCode !== 200 || !body.mfa_token)
    throw new Error(`no MFA step: ${res.statusCode} ${res.body}`);
  return body.mfa_token;
}

/** A full sign-in with password and a fresh TOTP code: an aal2 session. */
export async function signInAal2(
  app: NestFastifyApplication,
  clock: TestClock,
  account: MfaAccount,
): Promise<SessionBody> {
  const token = await passwordStep(app, account.email, account.password);
  const res = await verifyMfa(app, token, await nextCode(clock, account.secret));
  if (res.statusCode !== 200) throw new Error(`mfa verify failed: ${res.statusCode} ${res.body}`);
  return res.json<{ session: SessionBody }>().session;
}

/** MFA on, with an active TOTP factor whose secret no one knows: a user whose sign-in stops at the MFA step. */
export async function giveActiveTotpFactor(db: DataSource, userId: string): Promise<void> {
  await db.query(`UPDATE users SET mfa_enabled = true WHERE id = $1`, [userId]);
  await db.query(
    `INSERT INTO mfa_factors (user_id, type, status, secret_ciphertext) VALUES ($1, 'totp', 'active', '\\x00')`,
    [userId],
  );
}
