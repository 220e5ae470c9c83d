import { randomBytes } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppException, loadConfig } from '@app/core';
import { PasswordPolicy } from './password-policy';

function policy(env: Record<string, string> = {}): PasswordPolicy {
  return new PasswordPolicy(loadConfig({ NODE_ENV: 'test', ...env }));
}

/** The exception `check` throws, or undefined when the password is accepted. */
function refusal(password: string, email?: string, checker = policy()): AppException | undefined {
  try {
    checker.check(password, { email });
    return undefined;
  } catch (error) {
    return error as AppException;
  }
}

describe('PasswordPolicy', () => {
  it.each(['password', 'Password1', '12345678', 'iloveyou', 'trustno1', 'ＰＡＳＳＷＯＲＤ'])(
    'refuses the common password %j as weak_password',
    (password) => {
      const error = refusal(password);
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ status: 400, code: 'weak_password' });
      expect(error!.options.detail).toMatch(/common/);
    },
  );

  it('refuses an entry from the 10,000 most common passwords', () => {
    const list = dictionary['passwords-common'];
    const rank = list.indexOf('washington');
    expect(rank).toBeGreaterThan(1000);
    expect(rank).toBeLessThan(10_000);
    expect(refusal('washington')?.code).toBe('weak_password');
    expect(refusal('WashingTon')?.code).toBe('weak_password');
  });

  it('accepts a strong random password', () => {
    expect(refusal(randomBytes(18).toString('base64url'))).toBeUndefined();
    expect(refusal('correct horse battery staple')).toBeUndefined();
  });

  it('counts the minimum length in characters, with PASSWORD_MIN_LENGTH', () => {
    expect(refusal('x7#Qp2v')?.options.detail).toMatch(/at least 8 characters/);
    expect(refusal('🦊🐙🦉🐝🦋🐞🦑🐬')).toBeUndefined();
    const strict = policy({ PASSWORD_MIN_LENGTH: '12' });
    expect(refusal('x7#Qp2v!kL9z', undefined, strict)).toBeUndefined();
    expect(refusal('x7#Qp2v!kL9', undefined, strict)?.options.detail).toMatch(/at least 12 characters/);
  });

  it('refuses more than 256 characters', () => {
    const long = 'ü漢🔑'.repeat(86);
    expect(refusal([...long].slice(0, 256).join(''))).toBeUndefined();
    expect(refusal([...long].slice(0, 257).join(''))?.options.detail).toMatch(/at most 256 characters/);
  });

  it('refuses the account email, whatever its case', () => {
    const email = 'alice.longname@example.com';
    expect(refusal('Alice.LongName@Example.com', email)?.options.detail).toMatch(/email address/);
    expect(refusal('alice.longname@example.org', email)).toBeUndefined();
  });

  it('never repeats the password in its reason', () => {
    for (const password of ['12345678', 'x7#Qp2v', 'alice.longname@example.com']) {
      const error = refusal(password, 'alice.longname@example.com');
      expect(error?.code).toBe('weak_password');
      expect(error!.message).not.toContain(password);
      expect(JSON.stringify(error!.options)).not.toContain(password);
    }
  });
});
