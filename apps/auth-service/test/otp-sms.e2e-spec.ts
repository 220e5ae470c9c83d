import { createHmac } from 'node:crypto';
import { TestClock } from '@app/core/testing';
import { TwilioStandIn, WebhookSink } from '@app/notifications/testing';
import { decodeJwt, registerUser, uniquePhone } from './support/accounts';
import { codeIn, sendOtp, verifyOtp } from './support/otp';
import { startTestApp, TestApp } from './support/test-app';

describe('one-time codes by SMS through Twilio', () => {
  let twilio: TwilioStandIn;
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    twilio = await TwilioStandIn.start();
    t = await startTestApp(
      {
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
        TWILIO_AUTH_TOKEN: 'twilio-test-auth-token',
        TWILIO_FROM: '+15005550006',
      },
      undefined,
      { clock, extraModules: [twilio.providerModule()] },
    );
  });

  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  beforeEach(() => clock.advance(3600));

  const lastSmsTo = (phone: string) => [...twilio.requests].reverse().find((r) => r.form.To === phone);

  it('verifies a phone number, sending the request Twilio expects', async () => {
    const phone = uniquePhone();
    const { userId } = await registerUser(t.app, { phone });
    const sent = await sendOtp(t.app, { channel: 'sms', purpose: 'verify', phone });
    expect(sent.statusCode).toBe(202);

    const request = lastSmsTo(phone)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json');
    expect(request.username).toBe('AC0123456789abcdef0123456789abcdef');
    expect(request.password).toBe('twilio-test-auth-token');
    expect(request.form.From).toBe('+15005550006');
    expect(request.form.Body).toMatch(/^\d{6} is your verification code\. It expires in 10 minutes\.$/);

    const res = await verifyOtp(t.app, {
      channel: 'sms',
      purpose: 'verify',
      phone,
      code: codeIn(request.form.Body!),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: userId, phone, phone_verified: true, email_verified: false });
  });

  it('signs in by SMS, and normalises the number it sends to', async () => {
    const phone = uniquePhone();
    const { userId } = await registerUser(t.app, { phone });
    const spaced = `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`;
    expect((await sendOtp(t.app, { channel: 'sms', purpose: 'login', phone: spaced })).statusCode).toBe(202);
    const code = codeIn(lastSmsTo(phone)!.form.Body!);
    const res = await verifyOtp(t.app, { channel: 'sms', purpose: 'login', phone, code });
    expect(res.statusCode).toBe(200);
    expect(decodeJwt(res.json().session.access_token).payload).toMatchObject({ sub: userId, amr: ['otp'] });
  });

  it('refuses numbers that are not valid E.164 before anything is sent', async () => {
    const before = twilio.requests.length;
    for (const phone of ['4155552671', '+1', '+999999999999999999', 'not a number', '+1415555267x']) {
      const res = await sendOtp(t.app, { channel: 'sms', purpose: 'login', phone });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect(twilio.requests.length).toBe(before);
  });

  it('answers 503 when Twilio fails, storing nothing', async () => {
    const phone = uniquePhone();
    await registerUser(t.app, { phone });
    twilio.failNext({ status: 500 });
    const failed = await sendOtp(t.app, { channel: 'sms', purpose: 'login', phone });
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toMatchObject({ code: 'service_unavailable' });
    expect((await sendOtp(t.app, { channel: 'sms', purpose: 'login', phone })).statusCode).toBe(202);
  });
});

describe('one-time codes by SMS through a webhook', () => {
  let sink: WebhookSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await WebhookSink.start();
    t = await startTestApp({
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: sink.url,
      SMS_WEBHOOK_SECRET: 'webhook-secret',
    });
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('posts {to, body} signed with the secret', async () => {
    const phone = uniquePhone();
    await registerUser(t.app, { phone });
    expect((await sendOtp(t.app, { channel: 'sms', purpose: 'login', phone })).statusCode).toBe(202);
    const request = sink.requests.at(-1)!;
    const body = JSON.parse(request.rawBody.toString('utf8')) as { to: string; body: string };
    expect(Object.keys(body).sort()).toEqual(['body', 'to']);
    expect(body.to).toBe(phone);
    expect(request.headers['x-signature']).toBe(
      createHmac('sha256', 'webhook-secret').update(request.rawBody).digest('hex'),
    );
    const res = await verifyOtp(t.app, { channel: 'sms', purpose: 'login', phone, code: codeIn(body.body) });
    expect(res.statusCode).toBe(200);
  });
});
