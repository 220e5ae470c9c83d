import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt, randomUUID } from 'node:crypto';

export const STRONG_PASSWORD = 'correct horse battery staple 42';

export function uniqueEmail(): string {
  return `u-${randomUUID()}@example.test`;
}

/** A random valid US number (NANP: area and exchange codes start with 2-9), unique per test. */
export function uniquePhone(): string {
  return `+1212${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

export interface SessionBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  session_id: string;
}

export interface Registered {
  email: string;
  password: string;
  userId: string;
  session: SessionBody;
}

/** Registers a fresh account through the API and returns its first session. */
export async function registerUser(
  app: NestFastifyApplication,
  body: Record<string, unknown> = {},
): Promise<Registered> {
  const email = (body.email as string | undefined) ?? uniqueEmail();
  const password = (body.password as string | undefined) ?? STRONG_PASSWORD;
  const res = await app.inject({
    method: 'POST',
    url: '/v1/register',
    payload: { email, password, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const json = res.json<{ user: { id: string; email: string }; session: SessionBody }>();
  return { email: json.user.email, password, userId: json.user.id, session: json.session };
}

export function login(app: NestFastifyApplication, email: string, password: string) {
  return app.inject({ method: 'POST', url: '/v1/login', payload: { email, password } });
}

export function refresh(app: NestFastifyApplication, refreshToken: string) {
  return app.inject({ method: 'POST', url: '/v1/token/refresh', payload: { refresh_token: refreshToken } });
}

/** `POST /v1/logout` with the session's access token; `local` unless another scope is given. */
export function logout(
  app: NestFastifyApplication,
  accessToken: string,
  scope?: 'local' | 'others' | 'global',
) {
  return app.inject({
    method: 'POST',
    url: '/v1/logout',
    headers: bearer(accessToken),
    payload: scope ? { scope } : {},
  });
}

export function verifyToken(app: NestFastifyApplication, accessToken: string) {
  return app.inject({ method: 'GET', url: '/v1/verify-token', headers: bearer(accessToken) });
}

/** The header and claims of a JWT, without verifying it. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.') as [string, string];
  const parse = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: parse(header), payload: parse(payload) };
}
