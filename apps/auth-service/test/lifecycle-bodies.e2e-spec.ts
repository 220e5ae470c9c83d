import { bearer, registerUser, uniqueEmail, uniquePhone } from './support/accounts';
import { admin, ADMIN_KEYS_ENV } from './support/admin';
import { startTestApp, TestApp } from './support/test-app';

const ODD_VALUES: unknown[] = [
  null,
  true,
  123,
  -1.5,
  [],
  ['x'],
  {},
  { a: 1 },
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  '\ud800',
];

/** The bodies of the lifecycle and admin routes, each field replaced by odd values: 4xx, never 5xx. */
describe('lifecycle and admin bodies', () => {
  let t: TestApp;
  let token: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp(ADMIN_KEYS_ENV);
    const account = await registerUser(t.app);
    token = account.session.access_token;
    userId = account.userId;
  });

  afterAll(async () => {
    await t.close();
  });

  const routes = (): Array<{
    name: string;
    body: Record<string, unknown>;
    send: (body: unknown) => ReturnType<TestApp['app']['inject']>;
  }> => {
    const user = (method: 'POST' | 'DELETE', url: string) => (body: unknown) =>
      t.app.inject({ method, url: `/v1${url}`, headers: bearer(token), payload: body as object });
    const operator = (method: 'POST' | 'PATCH', url: string) => (body: unknown) =>
      admin(t.app, method, url, body as Record<string, unknown>);
    return [
      { name: 'POST /v1/user/email', body: { new_email: uniqueEmail() }, send: user('POST', '/user/email') },
      {
        name: 'POST /v1/user/email/verify',
        body: { new_email: uniqueEmail(), code: '123456' },
        send: user('POST', '/user/email/verify'),
      },
      { name: 'POST /v1/user/phone', body: { phone: uniquePhone() }, send: user('POST', '/user/phone') },
      {
        name: 'POST /v1/user/phone/verify',
        body: { phone: uniquePhone(), code: '123456' },
        send: user('POST', '/user/phone/verify'),
      },
      {
        name: 'DELETE /v1/user',
        body: { password: 'not the password', code: '123456' },
        send: user('DELETE', '/user'),
      },
      {
        name: 'POST /admin/v1/users',
        body: {
          email: uniqueEmail(),
          password: 'a fine long passphrase 1',
          phone: uniquePhone(),
          display_name: 'A',
          email_verified: false,
          phone_verified: false,
          app_metadata: {},
        },
        send: operator('POST', '/users'),
      },
      {
        name: 'PATCH /admin/v1/users/{id}',
        body: {
          email: uniqueEmail(),
          phone: uniquePhone(),
          display_name: 'B',
          email_verified: true,
          phone_verified: false,
          password: 'another fine passphrase 2',
          app_metadata: { a: 1 },
          disabled: false,
          disabled_reason: 'r',
        },
        send: operator('PATCH', `/users/${userId}`),
      },
    ];
  };

  it('answers every odd value of every field with a 2xx or a 4xx problem, never a 5xx', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      for (const field of Object.keys(route.body)) {
        for (const value of ODD_VALUES) {
          const res = await route.send({ ...route.body, [field]: value });
          if (res.statusCode >= 500)
            failures.push(`${route.name} ${field}=${JSON.stringify(value).slice(0, 20)}: ${res.statusCode}`);
        }
      }
      for (const body of [[], 'text', 42]) {
        const res = await route.send(body);
        if (res.statusCode >= 500 || res.statusCode < 400)
          failures.push(`${route.name} body=${JSON.stringify(body)}: ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
