import { ServiceUnavailableException } from '@app/core';

/**
 * A provider refused, failed or timed out. The caller sees only this generic 503: the provider's
 * own error text can echo the recipient or the message, so it stays in the server log, redacted.
 */
export class DeliveryFailedException extends ServiceUnavailableException {
  constructor() {
    super('The message could not be delivered; try again later.');
  }
}
