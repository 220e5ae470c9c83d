import { HttpStatus } from '@nestjs/common';
import { AppException } from '@app/core';

/** The same body for an unknown email and a wrong password. */
export class InvalidCredentialsException extends AppException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'Invalid credentials', {
      detail: 'The email or password is incorrect.',
    });
  }
}

export class EmailNotVerifiedException extends AppException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'email_not_verified', 'Email not verified', {
      detail: 'Verify the email address before signing in.',
    });
  }
}
