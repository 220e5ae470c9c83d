import type { MailMessage } from '@app/notifications';

const TEXT =
  'The email address of your account has just been changed, and messages now go to the new ' +
  'address. If you made this change, there is nothing to do. If you did not, your account may be ' +
  'in someone else\u2019s hands: contact support at once.';

/** The notice the previous address receives. It names neither address nor anything to click. */
export function composeEmailChangedNotice(to: string): MailMessage {
  return {
    to,
    subject: 'Your email address was changed',
    text: `${TEXT}\n`,
    html:
      '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">' +
      `<p>${TEXT}</p></body></html>`,
  };
}
