import { configErrorOf as configError } from '../testing/config-error';
import { loadConfig } from './load-config';

describe('PUBLIC_URL', () => {
  it('defaults to localhost on the listen port', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:8001');
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
  });

  it.each([
    ['https://auth.example.com', 'https://auth.example.com'],
    ['https://auth.example.com/', 'https://auth.example.com'],
    ['https://Example.COM:8443/auth/', 'https://example.com:8443/auth'],
    ['http://127.0.0.1:8001', 'http://127.0.0.1:8001'],
  ])('reads %s without a trailing slash', (value, expected) => {
    expect(loadConfig({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each([
    'auth.example.com',
    'ftp://auth.example.com',
    'https://',
    'https://auth.example.com/?x=1',
    'https://auth.example.com/#top',
    'https://admin:s3cret@auth.example.com',
  ])('refuses %s in one line that does not repeat it', (value) => {
    const error = configError({ PUBLIC_URL: value });

    expect(error).toContain(
      'PUBLIC_URL must be an http:// or https:// URL with a host and no credentials, query or fragment',
    );
    expect(error).not.toContain('s3cret');
  });
});
