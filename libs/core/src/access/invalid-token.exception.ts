import { HttpStatus } from '@nestjs/common';
import { AppException } from '../errors';

/** 401 for a missing, invalid, expired or revoked access token (RFC 6750 challenge included). */
export class InvalidTokenException extends AppException {
  constructor(missing = false) {
    super(HttpStatus.UNAUTHORIZED, 'unauthorized', 'Unauthorized', {
      detail: missing ? 'A bearer access token is required.' : 'The access token is invalid or expired.',
      headers: {
        'WWW-Authenticate': missing ? 'Bearer realm="auth-service"' : 'Bearer error="invalid_token"',
      },
    });
  }
}

/** 403 for a valid session whose assurance level is too low for the route. */
export class InsufficientAalException extends AppException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'insufficient_aal', 'Second factor required', {
      detail: 'This action needs a session signed in with a second factor (aal2).',
      headers: { 'WWW-Authenticate': 'Bearer error="insufficient_user_authentication"' },
    });
  }
}
