import { createNotificationsTestModule, type NotificationsTestContext } from '@app/notifications/testing';
import { NOTIFICATIONS_SENT } from './delivery/notifications.metrics';

describe('console providers (development)', () => {
  let context: NotificationsTestContext;

  beforeEach(async () => {
    context = await createNotificationsTestModule({
      env: { MAIL_PROVIDER: 'console', SMS_PROVIDER: 'console' },
    });
  });

  afterEach(async () => {
    await context.close();
  });

  it('logs a mail on one line with its recipient, subject and text, and resolves', async () => {
    const { mail, logger, count } = context;
    const before = await count(NOTIFICATIONS_SENT, { channel: 'mail', provider: 'console' });

    await mail.send({
      to: 'ada@example.test',
      subject: 'Your code',
      text: 'Your code is 482913.\nIt expires in 10 minutes.',
      html: '<p>Your code is <strong>482913</strong>.</p>',
    });

    expect(mail.provider).toBe('console');
    expect(logger.lines.filter((line) => line.context === 'ConsoleMail')).toEqual([
      {
        level: 'log',
        context: 'ConsoleMail',
        message:
          'mail to ada@example.test, subject "Your code" (not sent): "Your code is 482913.\\nIt expires in 10 minutes."',
      },
    ]);
    expect(await count(NOTIFICATIONS_SENT, { channel: 'mail', provider: 'console' })).toBe(before + 1);
  });

  it('logs an SMS with its recipient and body, and resolves', async () => {
    const { sms, logger } = context;

    await sms.send({ to: '+15558675310', body: 'Your code is 482913.' });

    expect(sms.provider).toBe('console');
    expect(logger.lines.filter((line) => line.context === 'ConsoleSms')).toEqual([
      {
        level: 'log',
        context: 'ConsoleSms',
        message: 'sms to +15558675310 (not sent): "Your code is 482913."',
      },
    ]);
  });
});
