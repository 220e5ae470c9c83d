import { ValidationFailedException } from '@app/core';
import type { OtpDestination } from '@app/otp';
import type { User, UsersService } from '@app/users';
import type { EntityManager } from 'typeorm';
import type { OtpAddressDto } from './otp.dto';

/** The destination of a request: exactly the address its channel needs, already normalised. */
export function destinationOf(dto: OtpAddressDto): OtpDestination {
  const [wanted, other] =
    dto.channel === 'email' ? (['email', 'phone'] as const) : (['phone', 'email'] as const);
  const errors = [];
  if (dto[wanted] === undefined)
    errors.push({ field: wanted, message: `${wanted} is required with channel ${dto.channel}` });
  if (dto[other] !== undefined)
    errors.push({ field: other, message: `${other} is not allowed with channel ${dto.channel}` });
  if (errors.length > 0) throw new ValidationFailedException(errors);
  return { channel: dto.channel, address: dto[wanted]! };
}

/** The account that holds the address, if any. */
export function accountAt(
  users: UsersService,
  destination: OtpDestination,
  em?: EntityManager,
): Promise<User | null> {
  return destination.channel === 'email'
    ? users.findByEmail(destination.address, em)
    : users.findByPhone(destination.address, em);
}

/** Enough of an address for a person to recognise it in their activity, no more. */
export function maskAddress({ channel, address }: OtpDestination): string {
  if (channel === 'sms')
    return `${address.slice(0, 3)}${'•'.repeat(Math.max(0, address.length - 5))}${address.slice(-2)}`;
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
