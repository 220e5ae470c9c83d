import { HttpStatus } from '@nestjs/common';
import { AppException } from '@app/core';

export class InvalidRefreshTokenException extends AppException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'invalid_refresh_token', 'Invalid refresh token', {
      detail: 'The refresh token is invalid, expired or revoked.',
    });
  }
}

export class RefreshTokenReusedException extends AppException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'refresh_token_reused', 'Refresh token reused', {
      detail: 'This refresh token was already used; the session has been revoked. Sign in again.',
    });
  }
}

export class SessionNotFoundException extends AppException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'not_found', 'Not found', { detail: 'No such active session.' });
  }
}
