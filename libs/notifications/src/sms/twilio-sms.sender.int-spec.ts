import {
  createNotificationsTestModule,
  type NotificationsTestContext,
  TwilioStandIn,
} from '@app/notifications/testing';
import { NOTIFICATION_FAILURES, NOTIFICATIONS_SENT } from '../delivery/notifications.metrics';
import { DeliveryFailedException } from '../notifications.errors';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'f'.repeat(32);
const MESSAGING_SERVICE_SID = `MG${'a'.repeat(32)}`;
const TWILIO = { channel: 'sms', provider: 'twilio' } as const;
const SMS = { to: '+15558675310', body: 'Your sign-in code is 482913. It expires in 10 minutes.' };

describe('Twilio SMS provider', () => {
  let standIn: TwilioStandIn;
  let context: NotificationsTestContext | undefined;

  beforeEach(async () => {
    standIn = await TwilioStandIn.start();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    await standIn.close();
  });

  async function twilioFrom(from: string, timeoutMs?: number): Promise<NotificationsTestContext> {
    const env = {
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: from,
    };
    context = await createNotificationsTestModule({ env, twilio: standIn, timeoutMs });
    return context;
  }

  it('creates the message on the account with Basic auth and the form fields From, To and Body', async () => {
    const { sms, count } = await twilioFrom('+15005550006');
    const before = await count(NOTIFICATIONS_SENT, TWILIO);

    await sms.send(SMS);

    expect(sms.provider).toBe('twilio');
    expect(standIn.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        form: { From: '+15005550006', To: SMS.to, Body: SMS.body },
      }),
    ]);
    expect(standIn.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(await count(NOTIFICATIONS_SENT, TWILIO)).toBe(before + 1);
  });

  it('sends through the messaging service when TWILIO_FROM is an MG SID', async () => {
    const { sms } = await twilioFrom(MESSAGING_SERVICE_SID);

    await sms.send(SMS);

    expect(standIn.requests.map((r) => r.form)).toEqual([
      { MessagingServiceSid: MESSAGING_SERVICE_SID, To: SMS.to, Body: SMS.body },
    ]);
  });

  it.each([400, 500])(
    'turns a %i answer into DeliveryFailedException, logged without the number',
    async (status) => {
      const { sms, count, logger } = await twilioFrom('+15005550006');
      const before = await count(NOTIFICATION_FAILURES, TWILIO);
      standIn.failNext({ status });

      const failure = sms.send(SMS);

      await expect(failure).rejects.toBeInstanceOf(DeliveryFailedException);
      await expect(failure).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(await count(NOTIFICATION_FAILURES, TWILIO)).toBe(before + 1);
      expect(logger.at('warn')).toEqual([
        expect.stringMatching(
          new RegExp(`^sms delivery through twilio failed: .*code=21211 status=${status}`),
        ),
      ]);
      expect(logger.text()).not.toContain(SMS.to);
      expect(logger.text()).not.toContain(SMS.to.slice(1));
      expect(logger.text()).not.toContain('482913');
    },
  );

  it('gives up on a request Twilio never answers', async () => {
    const { sms, logger } = await twilioFrom('+15005550006', 200);
    standIn.hang();

    await expect(sms.send(SMS)).rejects.toBeInstanceOf(DeliveryFailedException);

    expect(logger.at('warn')).toEqual([expect.stringMatching(/twilio failed: .*timeout/)]);
  });
});
