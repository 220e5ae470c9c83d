import { HttpStatus } from '@nestjs/common';
import { AppException, ServiceUnavailableException } from '@app/core';

/** A factor is already active: it must be removed (DELETE /v1/mfa/totp) before enrolling again. */
export class MfaAlreadyEnabledException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, 'mfa_already_enabled', 'MFA already enabled', {
      detail: 'An authenticator is already active on this account; remove it before enrolling another.',
    });
  }
}

/**
 * A wrong, expired or already used code, one answer for all of them. 401 at sign-in (the caller is
 * not authenticated yet), 400 on the routes of a signed-in user (their session is fine).
 */
export class InvalidMfaCodeException extends AppException {
  constructor(status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED) {
    super(status, 'invalid_mfa_code', 'Invalid code', {
      detail: 'The code is wrong, expired or already used.',
    });
  }
}

/** The `mfa_token` is unknown, expired, already used, or dead after too many wrong codes. */
export class InvalidMfaTokenException extends AppException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'invalid_mfa_token', 'Invalid MFA token', {
      detail: 'The mfa_token is invalid, expired or used up; sign in again.',
    });
  }
}

/** TOTP secrets cannot be decrypted (MFA_ENCRYPTION_KEY changed): no code can be checked. */
export class MfaUnavailableException extends ServiceUnavailableException {
  constructor() {
    super('Second-factor codes cannot be checked right now; retry later.', 30);
  }
}
