import { RedirectAllowlist } from './redirect-allowlist';

describe('RedirectAllowlist', () => {
  const allowlist = new RedirectAllowlist(['https://app.example.com/auth/done', 'http://localhost:3000/*']);

  it.each([
    'https://app.example.com/auth/done',
    'HTTPS://APP.example.com/auth/done',
    'http://localhost:3000/',
    'http://localhost:3000/any/path?x=1',
  ])('allows %s', (candidate) => {
    expect(allowlist.check(candidate)?.href).toBeDefined();
  });

  it.each([
    ['another path of an exact entry', 'https://app.example.com/auth/done/more'],
    ['a query on an exact entry', 'https://app.example.com/auth/done?next=x'],
    ['userinfo that looks like the host', 'https://app.example.com@evil.example/auth/done'],
    ['userinfo on a wildcard origin', 'http://localhost:3000@evil.example/'],
    ['a changed scheme', 'http://app.example.com/auth/done'],
    ['a changed port', 'http://localhost:3001/'],
    ['an explicit default port that differs', 'https://app.example.com:8443/auth/done'],
    ['a protocol-relative URL', '//app.example.com/auth/done'],
    ['a backslash form', 'https:\\\\app.example.com/auth/done'],
    ['a backslash in the authority', 'http://localhost:3000\\@evil.example/'],
    ['a single-slash scheme', 'http:/localhost:3000/'],
    ['a tab hidden in the host', 'http://local\thost:3000/'],
    ['a subdomain of the origin', 'http://evil.localhost:3000/'],
    ['a suffix of the host', 'https://app.example.com.evil.example/auth/done'],
    ['a fragment', 'http://localhost:3000/#x'],
    ['javascript:', 'javascript:alert(1)//localhost:3000/'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a relative path', '/auth/done'],
    ['an empty string', ''],
    ['a very long URL', `http://localhost:3000/${'a'.repeat(3000)}`],
  ])('refuses %s', (_label, candidate) => {
    expect(allowlist.check(candidate)).toBeUndefined();
  });

  it('allows nothing when the list is empty', () => {
    expect(new RedirectAllowlist([]).check('http://localhost:3000/')).toBeUndefined();
  });
});
