import type { ExecutionContext } from '@nestjs/common';
import { AppConfig, loadConfig } from '../config';
import { AppException } from '../errors';
import type { RateLimitCounter, RateLimitState } from '../throttling/rate-limit-counter';
import { AdminKeyGuard, AdminRequest } from './admin-key.guard';
import { AdminKeys } from './admin-keys';

const OPS_KEY = 'ops-'.padEnd(40, 'k');
const CI_KEY = 'ci-'.padEnd(48, 'c');

function guardFor(apiKeys: string | undefined, state: Partial<RateLimitState> = {}) {
  const config: AppConfig = loadConfig(apiKeys === undefined ? {} : { ADMIN_API_KEYS: apiKeys });
  const hits: Array<[string, string]> = [];
  const limits = {
    enabled: true,
    hit: jest.fn(async (name: string, subject: string) => {
      hits.push([name, subject]);
      return {
        blocked: false,
        remaining: 9,
        resetSeconds: 60,
        headers: { 'RateLimit-Limit': '10' },
        ...state,
      };
    }),
  } as unknown as RateLimitCounter;
  return { guard: new AdminKeyGuard(new AdminKeys(config), limits), hits };
}

function call(authorization?: string) {
  const request = {
    headers: authorization === undefined ? {} : { authorization },
    ip: '203.0.113.9',
  } as AdminRequest;
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name] = value) };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, headers };
}

async function refusal(promise: Promise<unknown>): Promise<AppException> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppException);
  return error as AppException;
}

describe('AdminKeyGuard', () => {
  it('admits each configured key and names it as the actor', async () => {
    const { guard, hits } = guardFor(`ops:${OPS_KEY},ci:${CI_KEY}`);
    for (const [name, key] of [
      ['ops', OPS_KEY],
      ['ci', CI_KEY],
    ]) {
      const { context, request, headers } = call(`Bearer ${key}`);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(request.adminActor).toEqual({ name });
      expect(headers['RateLimit-Limit']).toBe('10');
    }
    expect(hits).toEqual([
      ['admin', 'key:ops'],
      ['admin', 'key:ci'],
    ]);
  });

  it.each([
    ['no header', undefined, 'An admin API key is required.'],
    ['another scheme', `Basic ${OPS_KEY}`, 'An admin API key is required.'],
    ['a wrong key', `Bearer ${OPS_KEY}x`, 'The admin API key is not valid.'],
    ['a prefix of the key', `Bearer ${OPS_KEY.slice(0, 32)}`, 'The admin API key is not valid.'],
    [
      'a user access token',
      'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      'The admin API key is not valid.',
    ],
  ])('answers 401 unauthorized for %s, counted per IP', async (_case, header, detail) => {
    const { guard, hits } = guardFor(`ops:${OPS_KEY}`);
    const { context, request } = call(header);

    const error = await refusal(guard.canActivate(context));

    expect([error.status, error.code, error.options.detail]).toEqual([401, 'unauthorized', detail]);
    expect(error.options.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="admin"' });
    expect(request.adminActor).toBeUndefined();
    expect(hits).toEqual([['admin', 'refused:203.0.113.9']]);
  });

  it('answers 404 for every call, a right-looking key included, when no key is configured', async () => {
    const { guard, hits } = guardFor(undefined);

    const error = await refusal(guard.canActivate(call(`Bearer ${OPS_KEY}`).context));

    expect([error.status, error.code]).toEqual([404, 'not_found']);
    expect(hits).toEqual([]);
  });

  it('answers 429 with Retry-After once the key has used its limit', async () => {
    const { guard } = guardFor(`ops:${OPS_KEY}`, { blocked: true, remaining: 0, resetSeconds: 42 });
    const { context, request } = call(`Bearer ${OPS_KEY}`);

    const error = await refusal(guard.canActivate(context));

    expect([error.status, error.code, error.options.headers?.['Retry-After']]).toEqual([
      429,
      'rate_limited',
      '42',
    ]);
    expect(request.adminActor).toBeUndefined();
  });
});

describe('AdminKeys', () => {
  it('keeps digests only and matches whole keys', () => {
    const keys = new AdminKeys(loadConfig({ ADMIN_API_KEYS: `ops:${OPS_KEY}` }));

    expect(JSON.stringify(keys)).not.toContain(OPS_KEY);
    expect(keys.nameOf(OPS_KEY)).toBe('ops');
    expect(keys.nameOf(` ${OPS_KEY}`)).toBeUndefined();
    expect(keys.nameOf('')).toBeUndefined();
    expect(new AdminKeys(loadConfig({})).configured).toBe(false);
  });
});
