import { createPublicKey, verify } from 'node:crypto';
import Fastify from 'fastify';
import Redis from 'ioredis';

/**
 * The naive verify-token, the limit the service is compared with: a bare Fastify server whose
 * one route checks the RS256 signature of the bearer token with node:crypto, its `exp`, `iss`
 * and `aud`, and asks Redis whether the session is revoked (one GET). No cache, no logging, no
 * framework around it. Started by the benchmark with its settings as one JSON argument.
 */
interface Settings {
  publicKeyPem: string;
  redisUrl: string;
  issuer: string;
  audience: string;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
const publicKey = createPublicKey(settings.publicKeyPem);
const redis = new Redis(settings.redisUrl, { keyPrefix: 'auth:', protocol: 2 });
const app = Fastify({ logger: false });

interface Claims {
  sub: string;
  sid: string;
  exp: number;
  iss: string;
  aud: string;
}

function verifiedClaims(authorization: string | undefined): Claims | undefined {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const [header, payload, signature] = token?.split('.') ?? [];
  if (!header || !payload || !signature) return undefined;
  const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string }).alg;
  const signed = Buffer.from(`${header}.${payload}`);
  if (alg !== 'RS256' || !verify('sha256', signed, publicKey, Buffer.from(signature, 'base64url'))) {
    return undefined;
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
  const fresh = claims.exp > Date.now() / 1000;
  return fresh && claims.iss === settings.issuer && claims.aud === settings.audience ? claims : undefined;
}

app.get('/v1/verify-token', async (request, reply) => {
  const claims = verifiedClaims(request.headers.authorization);
  if (!claims || (await redis.get(`revoked-session:${claims.sid}`)) !== null) {
    return reply.code(401).send({ active: false });
  }
  return { active: true, sub: claims.sub, sid: claims.sid, exp: claims.exp };
});

app.listen({ port: 0, host: '127.0.0.1' }).then(
  (address) => console.log(`listening on ${address}`),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  void app.close().then(() => redis.quit().finally(() => process.exit(0)));
});
