import { HttpStatus } from '@nestjs/common';
import { AppException, NotFoundException } from '@app/core';

/** 400 `weak_password`: the detail says which rule failed, never the password. */
export class WeakPasswordException extends AppException {
  constructor(detail: string) {
    super(HttpStatus.BAD_REQUEST, 'weak_password', 'Weak password', { detail });
  }
}

/** 409 `email_taken`: another account holds this (normalised) address. */
export class EmailTakenException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, 'email_taken', 'Email taken', {
      detail: 'An account with this email address already exists.',
    });
  }
}

/** 409 `phone_taken`: another account holds this number. */
export class PhoneTakenException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, 'phone_taken', 'Phone taken', {
      detail: 'An account with this phone number already exists.',
    });
  }
}

/** 404 `not_found`: the account is gone (deleted while the caller held its id). */
export class UserNotFoundException extends NotFoundException {
  constructor() {
    super('The user does not exist.');
  }
}

/**
 * 403 `user_disabled`: an operator disabled the account. Answered only once the credential of the
 * sign-in has been checked, so that it tells nothing to someone who does not have it.
 */
export class UserDisabledException extends AppException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'user_disabled', 'User disabled', {
      detail: 'This account has been disabled.',
    });
  }
}
