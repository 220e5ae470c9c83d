import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hostname } from 'node:os';

/** What a driver's error would bring into a body: addresses, ports, host names, errno codes, stacks. */
const INTERNAL: Array<[string, RegExp]> = [
  ['an IPv4 address', /\b\d{1,3}(?:\.\d{1,3}){3}\b/],
  ['an IPv6 address', /::1\b|\[[0-9a-f:]+\]/i],
  ['a port', /[\w\]]:\d{2,5}\b/],
  ['a host name', hostNames()],
  ['an errno name', /\bE[A-Z_]{3,}\b/],
  ['a stack frame', /\bat \S+ \(|\.[jt]s:\d+/],
  ['a driver message', /connect|refused|timeout|socket/i],
];

/** Asserts that neither health route shows anything of the dependencies' internals. */
export async function expectNothingInternal(app: NestFastifyApplication): Promise<void> {
  for (const url of ['/readyz', '/healthz']) {
    const { body } = await app.inject({ method: 'GET', url });
    for (const [what, pattern] of INTERNAL)
      expect({ url, what, found: pattern.exec(body)?.[0] ?? null, body }).toEqual({
        url,
        what,
        found: null,
        body,
      });
  }
}

/** `localhost` and this machine's name, as whole words (a short host name is also part of words). */
function hostNames(): RegExp {
  const name = hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w-])(?:localhost|${name})(?![\\w-])`, 'i');
}
