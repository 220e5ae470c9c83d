import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config';
import { SecretKeys } from '../security';
import { RateLimitSubjects } from './rate-limit-subjects';

const keys = new SecretKeys({ mfaEncryptionKey: Buffer.alloc(32, 9).toString('base64') } as AppConfig);
const subjects = new RateLimitSubjects(keys);
const clientIp = async () => '192.0.2.1';

const subjectOf = (name: Parameters<RateLimitSubjects['of']>[0], body: unknown) =>
  subjects.of(name, { body } as FastifyRequest, clientIp);

describe('RateLimitSubjects', () => {
  it('counts per-IP limits by the client IP', async () => {
    expect(await subjectOf('login_ip', { email: 'a@example.com' })).toBe('192.0.2.1');
    expect(await subjectOf('global', undefined)).toBe('192.0.2.1');
  });

  it('folds the variants of an email that name one account, and hashes it', async () => {
    const plain = await subjectOf('login_account', { email: 'alice@example.com' });

    for (const variant of [' Alice@Example.COM ', '\uFF41lice@example.com', 'ALICE@EXAMPLE.COM\t']) {
      expect(await subjectOf('login_account', { email: variant })).toBe(plain);
    }
    expect(plain).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await subjectOf('login_account', { email: 'bob@example.com' })).not.toBe(plain);
  });

  it('keys code limits by channel and address, with the digits of a phone number', async () => {
    const phone = await subjectOf('otp_verify_destination', { channel: 'sms', phone: '+1 (212) 555-0123' });

    expect(await subjectOf('otp_verify_destination', { channel: 'sms', phone: '+12125550123' })).toBe(phone);
    expect(await subjectOf('otp_send_destination', { channel: 'sms', phone: '+1 212 555 0123' })).toBe(phone);
    expect(await subjectOf('otp_verify_destination', { channel: 'email', email: 'Carol@example.com ' })).toBe(
      await subjectOf('otp_verify_destination', { channel: 'email', email: 'carol@example.com' }),
    );
    // The same string as a phone and inside an email stays two subjects.
    expect(
      await subjectOf('otp_verify_destination', { channel: 'email', email: '12125550123@x.io' }),
    ).not.toBe(phone);
  });

  it.each([
    ['no body', undefined],
    ['a body that is not an object', 'alice@example.com'],
    ['no email', { password: 'secret' }],
    ['an email that is not a string', { email: ['alice@example.com'] }],
    ['a string that is not an email', { email: 'alice' }],
  ])('leaves the per-account limit out for %s', async (_case, body) => {
    expect(await subjectOf('login_account', body)).toBeUndefined();
  });

  it.each([
    ['no channel', { email: 'a@example.com' }],
    ['an unknown channel', { channel: 'fax', phone: '+12125550123' }],
    ['the address of the other channel', { channel: 'sms', email: 'a@example.com' }],
    ['too few digits', { channel: 'sms', phone: '+1 23' }],
    ['a phone that is not a string', { channel: 'sms', phone: 12125550123 }],
  ])('leaves the per-address limits out for %s', async (_case, body) => {
    expect(await subjectOf('otp_verify_destination', body)).toBeUndefined();
  });

  it('keys a token limit by the opaque value of its field, hashed', async () => {
    const request = (body: unknown) => ({ body }) as FastifyRequest;
    const token = await subjects.forKey('token:mfa_token', request({ mfa_token: 'Abc.123' }), clientIp);

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await subjects.forKey('token:mfa_token', request({ mfa_token: 'abc.123' }), clientIp)).not.toBe(
      token,
    );
    expect(await subjects.forKey('token:mfa_token', request({ code: '123456' }), clientIp)).toBeUndefined();
    expect(await subjects.forKey('token:mfa_token', request({ mfa_token: '' }), clientIp)).toBeUndefined();
  });

  it('never counts the session limits itself: the service does, once it knows the session', async () => {
    expect(await subjectOf('refresh_session', { refresh_token: 'x'.repeat(43) })).toBeUndefined();
  });

  it('never puts an address in a subject', async () => {
    const subject = await subjectOf('login_account', { email: 'dave@example.com' });
    expect(subject).not.toContain('dave');
    expect(subject).not.toContain('example');
  });
});
