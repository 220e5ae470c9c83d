import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';

function configError(env: Env): string {
  let thrown: unknown;
  try {
    loadConfig(env, '/srv/auth');
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as Error).message;
}

describe('HTTP settings', () => {
  it.each([
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['1', 1],
    ['3', 3],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 192.168.1.7 ,172.16.0.0/12', ['10.0.0.0/8', '192.168.1.7', '172.16.0.0/12']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each(['true', 'yes', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', 'proxy.internal', '1000'])(
    'refuses TRUST_PROXY=%s',
    (value) => {
      expect(configError({ TRUST_PROXY: value })).toContain(
        "TRUST_PROXY must be false, a hop count, or a comma list of the proxies' addresses or CIDRs",
      );
    },
  );

  it.each(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'auth-service.internal'])(
    'accepts HOST=%s',
    (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    },
  );

  it.each(['local host', 'http://localhost', 'host_name', '-leading.example.com'])(
    'refuses HOST=%s',
    (host) => {
      expect(configError({ HOST: host })).toContain('HOST must be an IP address or a host name');
    },
  );

  it('lists CORS_ORIGINS, blanks dropped', () => {
    expect(
      loadConfig({ CORS_ORIGINS: ' https://app.example.com,,http://localhost:3000 ' }).http.corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it.each([
    '*',
    'app.example.com',
    'https://app.example.com/',
    'https://app.example.com/login',
    'ftp://files.example.com',
  ])('refuses the CORS origin %s', (origin) => {
    expect(configError({ CORS_ORIGINS: `https://ok.example.com,${origin}` })).toContain(
      `CORS_ORIGINS must be a comma list of origins such as https://app.example.com (got "${origin}")`,
    );
  });
});
