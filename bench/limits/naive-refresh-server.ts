import {
  createCipheriv,
  createHash,
  createPrivateKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  sign,
} from 'node:crypto';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { Pool } from 'pg';

/**
 * The naive token refresh, the limit the service's refresh is compared with: a bare Fastify
 * server and a `pg` pool of the service's default size, whose one route does what a refresh must
 * do and nothing else. In one transaction, the service's rotation statement (lock the session,
 * consume the live token, insert its child with the sealed successor, mark the session used, read
 * the owner's email) and the audit row; then one RS256 signature (node:crypto, on the thread
 * pool) of the same claims. No framework, validation, logging, metrics or limits around it.
 * Started by the benchmark with its settings as one JSON argument.
 */
interface Settings {
  databaseUrl: string;
  privateKeyPem: string;
  issuer: string;
  audience: string;
  accessTokenTtl: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
const privateKey = createPrivateKey(settings.privateKeyPem);
const signAsync = promisify(sign);
const pool = new Pool({ connectionString: settings.databaseUrl, max: 10 });
const app = Fastify({ logger: false });

const ROTATE = `WITH session AS (
    SELECT id FROM sessions
     WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
       AND revoked_at IS NULL AND expires_at > $2
     FOR UPDATE
  ), consumed AS (
    UPDATE refresh_tokens SET rotated_at = $2, successor_ciphertext = $3
     WHERE token_hash = $1 AND session_id = (SELECT id FROM session)
       AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > $2
     RETURNING id, session_id, expires_at
  ), child AS (
    INSERT INTO refresh_tokens (session_id, parent_id, token_hash, created_at, expires_at)
    SELECT session_id, id, $4, $2, expires_at FROM consumed
  ), used AS (
    UPDATE sessions SET last_used_at = $2
     WHERE id = (SELECT session_id FROM consumed)
     RETURNING id, user_id, aal, amr, expires_at
  )
  SELECT used.*, users.email FROM used JOIN users ON users.id = used.user_id`;

const AUDIT = `INSERT INTO audit_events (user_id, type, ip, user_agent, request_id, metadata)
  VALUES ($1, 'token.refreshed', $2, $3, $4, $5)`;

interface RotatedRow {
  id: string;
  user_id: string;
  aal: string;
  amr: string[];
  expires_at: Date;
  email: string;
}
type Rotated = RotatedRow & { refreshToken: string };

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The child sealed under a key derived from its parent, as the service stores it. */
function sealSuccessor(parent: string, child: string): Buffer {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(parent), Buffer.alloc(0), 'auth-service:refresh-successor', 32),
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(child, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

async function rotate(presented: string, ip: string, userAgent: string | null): Promise<Rotated | undefined> {
  const child = randomBytes(32).toString('base64url');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<RotatedRow>(ROTATE, [
      sha256(presented),
      new Date(),
      sealSuccessor(presented, child),
      sha256(child),
    ]);
    const session = rows[0];
    if (session) {
      const metadata = JSON.stringify({ session_id: session.id });
      await client.query(AUDIT, [session.user_id, ip, userAgent, randomUUID(), metadata]);
    }
    await client.query(session ? 'COMMIT' : 'ROLLBACK');
    return session && { ...session, refreshToken: child };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function accessToken(session: Rotated, now: number): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'RS256', typ: 'at+jwt' });
  const payload = part({
    sid: session.id,
    email: session.email,
    amr: session.amr,
    aal: session.aal,
    iss: settings.issuer,
    aud: settings.audience,
    sub: session.user_id,
    jti: randomUUID(),
    iat: now,
    exp: now + settings.accessTokenTtl,
  });
  const signature = await signAsync('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

app.post<{ Body: { refresh_token?: unknown } }>('/v1/token/refresh', async (request, reply) => {
  const presented = request.body?.refresh_token;
  const ua = request.headers['user-agent'] ?? null;
  const session = typeof presented === 'string' ? await rotate(presented, request.ip, ua) : undefined;
  if (!session) return reply.code(401).send({ code: 'invalid_refresh_token' });
  const now = Math.floor(Date.now() / 1000);
  void reply.header('cache-control', 'no-store');
  return {
    session: {
      access_token: await accessToken(session, now),
      token_type: 'Bearer',
      expires_in: settings.accessTokenTtl,
      refresh_token: session.refreshToken,
      refresh_expires_in: Math.max(0, Math.floor(session.expires_at.getTime() / 1000) - now),
      session_id: session.id,
    },
  };
});

app.listen({ port: 0, host: '127.0.0.1' }).then(
  (address) => console.log(`listening on ${address}`),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().finally(() => process.exit(0)));
});
