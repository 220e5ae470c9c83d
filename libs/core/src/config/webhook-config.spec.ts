import { ConfigError } from './config.error';
import type { Env } from './env-reader';
import { loadConfig } from './load-config';
import { WEBHOOK_EVENT_TYPES } from './webhook-config';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

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

describe('webhook settings', () => {
  it('are off by default, with every event type chosen', () => {
    const { webhooks } = loadConfig({});

    expect(webhooks.urls).toEqual([]);
    expect(webhooks.secret).toBeUndefined();
    expect(webhooks.events).toEqual(WEBHOOK_EVENT_TYPES);
    expect(webhooks.retryDelaysMs).toHaveLength(7);
    expect(webhooks.timeoutMs).toBe(10_000);
  });

  it('read a list of receivers, the secret and a chosen set of events', () => {
    const { webhooks } = loadConfig({
      WEBHOOK_URLS: 'https://hooks.example.com/auth, http://10.0.0.5:8080/in',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_EVENTS: 'user.created,session.revoked,user.created',
    });

    expect(webhooks.urls).toEqual(['https://hooks.example.com/auth', 'http://10.0.0.5:8080/in']);
    expect(webhooks.secret).toBe(SECRET);
    expect(webhooks.events).toEqual(['user.created', 'session.revoked']);
  });

  it('need WEBHOOK_SECRET with WEBHOOK_URLS', () => {
    expect(configError({ WEBHOOK_URLS: 'https://hooks.example.com' })).toContain(
      'WEBHOOK_SECRET is required when WEBHOOK_URLS is set',
    );
  });

  it.each([
    ['no prefix', Buffer.alloc(32).toString('base64')],
    ['too short a key', `whsec_${Buffer.alloc(16).toString('base64')}`],
    ['too long a key', `whsec_${Buffer.alloc(65).toString('base64')}`],
    ['not base64', 'whsec_not*base64*at*all*but*long*enough'],
  ])('refuse a secret with %s, without repeating it', (_, secret) => {
    const message = configError({ WEBHOOK_URLS: 'https://hooks.example.com', WEBHOOK_SECRET: secret });

    expect(message).toContain('WEBHOOK_SECRET must be whsec_ followed by base64 of 24 to 64 random bytes');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('required');
  });

  it.each(['ftp://hooks.example.com', 'hooks.example.com/in', 'mailto:ops@example.com'])(
    'refuse the receiver %s without repeating it',
    (url) => {
      const message = configError({ WEBHOOK_URLS: `https://ok.example.com,${url}`, WEBHOOK_SECRET: SECRET });

      expect(message).toContain('WEBHOOK_URLS entry 2 must be an http:// or https:// URL with a host');
      expect(message).not.toContain(url);
    },
  );

  it('refuse an unknown event type, naming it', () => {
    expect(configError({ WEBHOOK_EVENTS: 'user.created,user.exploded' })).toContain(
      'WEBHOOK_EVENTS must be a comma list of user.created',
    );
    expect(configError({ WEBHOOK_EVENTS: 'user.created,user.exploded' })).toContain('"user.exploded"');
  });
});
