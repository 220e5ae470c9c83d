import { HttpStatus } from '@nestjs/common';
import { AppException } from '@app/core';

/** One answer for a wrong, expired or already used code, so that none of them can be told apart. */
export class InvalidOtpException extends AppException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_otp', 'Invalid code', {
      detail: 'The code is wrong, expired or already used.',
    });
  }
}

/** The code took OTP_MAX_ATTEMPTS wrong tries and is dead; only a new code can be used. */
export class OtpAttemptsExceededException extends AppException {
  constructor() {
    super(HttpStatus.TOO_MANY_REQUESTS, 'otp_attempts_exceeded', 'Too many attempts', {
      detail: 'This code has taken too many wrong tries; ask for a new one.',
    });
  }
}
