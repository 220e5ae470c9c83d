import { HttpStatus } from '@nestjs/common';
import { AppException } from '@app/core';

/**
 * A WebAuthn response that does not verify: unknown credential, bad signature, wrong origin or RP,
 * missing user verification, a used, expired or foreign challenge, a counter that went backwards.
 * One answer for all of them. 400 when a signed-in user adds a passkey, 401 at sign-in.
 */
export class InvalidPasskeyException extends AppException {
  constructor(status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED) {
    super(status, 'invalid_passkey', 'Invalid passkey', {
      detail: 'The passkey response could not be verified; ask for new options and try again.',
    });
  }
}
