/** One email: a plain-text body and an HTML body with no remote assets. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
}

/** Sends email through the configured provider (MAIL_PROVIDER). Throws `DeliveryFailedException`. */
export abstract class MailSender {
  abstract readonly provider: string;
  abstract send(message: MailMessage): Promise<void>;
}

/** Sends SMS through the configured provider (SMS_PROVIDER). Throws `DeliveryFailedException`. */
export abstract class SmsSender {
  abstract readonly provider: string;
  abstract send(message: SmsMessage): Promise<void>;
}
