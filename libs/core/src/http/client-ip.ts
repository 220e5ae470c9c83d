import type { TrustProxy } from '../config';

type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify's `trustProxy` for `TRUST_PROXY`, which decides the client IP (rate limits, logs,
 * audit events). Fastify ignores a bare hop count (it then trusts no proxy at all), so a count
 * becomes a function: the `hops` addresses nearest to the socket are proxies.
 */
export function trustProxyOption(trust: TrustProxy): FastifyTrustProxy {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
