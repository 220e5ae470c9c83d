import { composeOtpMail, composeOtpSms, escapeHtml, lifetimeText } from './otp-message';
import { OTP_PURPOSES } from './otp.types';

describe('OTP messages', () => {
  const input = { purpose: 'login', code: '012345', ttlSeconds: 600 } as const;

  it('writes a short SMS with the code first', () => {
    expect(composeOtpSms('+15550100000', input)).toEqual({
      to: '+15550100000',
      body: '012345 is your sign-in code. It expires in 10 minutes.',
    });
    expect(composeOtpSms('+15550100000', { ...input, purpose: 'password_reset' }).body).toBe(
      '012345 is your password reset code. It expires in 10 minutes.',
    );
  });

  it('names each purpose in the subject and states code, purpose, lifetime and what to do otherwise', () => {
    const subjects = OTP_PURPOSES.map(
      (purpose) => composeOtpMail('a@example.test', { ...input, purpose }).subject,
    );
    expect(subjects).toEqual([
      'Your verification code',
      'Your sign-in code',
      'Your password reset code',
      'Confirm your new email address',
      'Confirm your new phone number',
    ]);
    const mail = composeOtpMail('a@example.test', input);
    expect(mail.to).toBe('a@example.test');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('012345');
      expect(body).toContain('sign in');
      expect(body).toContain('It expires in 10 minutes.');
      expect(body).toContain('If you did not ask for this, ignore this message.');
    }
  });

  it('builds HTML with inline styles only and nothing fetched from elsewhere', () => {
    for (const purpose of OTP_PURPOSES) {
      const { html } = composeOtpMail('a@example.test', { ...input, purpose });
      expect(html).not.toMatch(/https?:|\/\/|<img|<link|<script|<a\s|src=|url\(|@import|<style/i);
      expect(html).toMatch(/style="/);
    }
  });

  it('escapes what it puts into the HTML', () => {
    expect(escapeHtml(`<b a="1">Tom & 'Jerry'</b>`)).toBe(
      '&lt;b a=&quot;1&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;',
    );
    const { html } = composeOtpMail('a@example.test', { ...input, code: '<img src=x>&' });
    expect(html).toContain('&lt;img src=x&gt;&amp;');
    expect(html).not.toContain('<img');
  });

  it('states the lifetime in whole minutes, never more than the code lives', () => {
    expect(lifetimeText(600)).toBe('10 minutes');
    expect(lifetimeText(60)).toBe('1 minute');
    expect(lifetimeText(90)).toBe('1 minute');
    expect(lifetimeText(30)).toBe('30 seconds');
  });
});
