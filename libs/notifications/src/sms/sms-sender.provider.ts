import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@app/core';
import { DeliveryOutcomes } from '../delivery/delivery-outcomes';
import { requiredSetting } from '../delivery/required-setting';
import { SmsSender } from '../senders';
import { ConsoleSmsSender } from './console-sms.sender';
import { TwilioHttpClient } from './twilio-http-client';
import { TwilioSmsSender } from './twilio-sms.sender';
import { WebhookSmsSender } from './webhook-sms.sender';

/** The `SmsSender` of `SMS_PROVIDER`. */
export function smsSenderProvider(sms: AppConfig['sms'], timeoutMs: number): Provider {
  switch (sms.provider) {
    case 'twilio': {
      const settings = {
        accountSid: requiredSetting(sms.twilioAccountSid, 'TWILIO_ACCOUNT_SID'),
        authToken: requiredSetting(sms.twilioAuthToken, 'TWILIO_AUTH_TOKEN'),
        from: requiredSetting(sms.twilioFrom, 'TWILIO_FROM'),
      };
      return {
        provide: SmsSender,
        useFactory: (outcomes: DeliveryOutcomes, httpClient?: TwilioHttpClient) =>
          new TwilioSmsSender(settings, outcomes, { timeoutMs, httpClient }),
        inject: [DeliveryOutcomes, { token: TwilioHttpClient, optional: true }],
      };
    }
    case 'webhook': {
      const settings = { url: requiredSetting(sms.webhookUrl, 'SMS_WEBHOOK_URL'), secret: sms.webhookSecret };
      return {
        provide: SmsSender,
        useFactory: (outcomes: DeliveryOutcomes) => new WebhookSmsSender(settings, outcomes, timeoutMs),
        inject: [DeliveryOutcomes],
      };
    }
    case 'console':
      return {
        provide: SmsSender,
        useFactory: (outcomes: DeliveryOutcomes) => new ConsoleSmsSender(outcomes),
        inject: [DeliveryOutcomes],
      };
  }
}
