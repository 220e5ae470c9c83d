import { HttpStatus } from '@nestjs/common';
import { AppException, ServiceUnavailableException } from '@app/core';

export class UnknownProviderException extends AppException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'unknown_provider', 'Unknown provider', {
      detail: 'No sign-in provider of this name is configured.',
    });
  }
}

export class InvalidRedirectException extends AppException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_redirect', 'Invalid redirect', {
      detail: 'redirect_to is not on the allow-list of this service.',
    });
  }
}

/** No usable `state`, or a callback from another browser: nowhere safe to redirect to. */
export class InvalidStateException extends AppException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_state', 'Invalid state', {
      detail: 'This sign-in attempt is unknown, expired, already used, or was started in another browser.',
    });
  }
}

/** The same answer for an unknown, used or expired code and a wrong verifier. */
export class InvalidGrantException extends AppException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_grant', 'Invalid grant', {
      detail: 'The code is unknown, used or expired, or code_verifier does not match it.',
    });
  }
}

export class ProviderUnavailableException extends ServiceUnavailableException {
  constructor() {
    super('The sign-in provider cannot be reached; retry shortly.', 5);
  }
}

/**
 * A failure at the callback that is reported to `redirect_to` as `error=<code>`; `reason` is a
 * closed set for metrics and the audit log, never a provider's message.
 */
export class CallbackFailure extends Error {
  constructor(
    readonly code: 'access_denied' | 'email_not_verified' | 'email_taken' | 'user_disabled' | 'server_error',
    readonly reason: string,
    readonly description: string,
    readonly userId: string | null = null,
  ) {
    super(description);
  }
}
