import { HttpStatus } from '@nestjs/common';
import { AppException } from '@app/core';

export class DeliveryNotFoundException extends AppException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'not_found', 'Not found', { detail: 'No webhook delivery has this id.' });
  }
}

export class AlreadyDeliveredException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, 'already_delivered', 'Already delivered', {
      detail: 'This delivery has already been delivered; there is nothing to retry.',
    });
  }
}
