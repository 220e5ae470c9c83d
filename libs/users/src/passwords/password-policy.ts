import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { normalizeEmail } from '../fields/normalize';
import { codePointLength } from '../fields/text-rules';
import { WeakPasswordException } from '../users.errors';
import { isCommonPassword } from './common-passwords';
import { PASSWORD_MAX_LENGTH } from './password-limits';

export interface PasswordContext {
  /** The account's address: a password equal to it is refused. */
  email?: string;
}

/**
 * The rules a new password must meet (API.md): PASSWORD_MIN_LENGTH to 256 characters, not the
 * account's address, not a common or breached password. No composition rules. The reasons
 * given never repeat the password.
 */
@Injectable()
export class PasswordPolicy {
  private readonly minLength: number;

  constructor(config: AppConfig) {
    this.minLength = config.passwords.minLength;
  }

  /** Throws `WeakPasswordException` (400 `weak_password`) when the password is refused. */
  check(password: string, context: PasswordContext = {}): void {
    const length = codePointLength(password);
    if (length < this.minLength) {
      throw new WeakPasswordException(`The password must be at least ${this.minLength} characters long.`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      throw new WeakPasswordException(`The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`);
    }
    if (context.email && normalizeEmail(password) === normalizeEmail(context.email)) {
      throw new WeakPasswordException('The password must not be the account’s email address.');
    }
    if (isCommonPassword(password.normalize('NFKC').toLowerCase())) {
      throw new WeakPasswordException(
        'This password is too common: it appears in lists of passwords exposed in data breaches.',
      );
    }
  }
}
