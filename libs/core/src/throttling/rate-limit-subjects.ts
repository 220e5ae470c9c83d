import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RateLimitKey, rateLimitKey, RateLimitName } from '../config';
import { keyedHash, SecretKeys } from '../security';

const MAX_EMAIL_LENGTH = 254;
const MAX_TOKEN_LENGTH = 4096;

/**
 * Who a request counts for under each named limit. Guards run before validation, so values of
 * the body are taken raw and normalised here the way the service will read them (otherwise a
 * case or spacing variant of one address would count apart). A missing or unusable value
 * means the limit does not apply to the request; validation then refuses it anyway. Addresses
 * and tokens become keyed hashes: no raw email or phone number ever reaches Redis.
 */
@Injectable()
export class RateLimitSubjects {
  private readonly hashKey: Buffer;

  constructor(keys: SecretKeys) {
    this.hashKey = keys.key('rate-limit-subjects');
  }

  of(
    name: RateLimitName,
    request: FastifyRequest,
    clientIp: () => Promise<string>,
  ): Promise<string | undefined> {
    return this.forKey(rateLimitKey(name), request, clientIp);
  }

  async forKey(
    key: RateLimitKey,
    request: FastifyRequest,
    clientIp: () => Promise<string>,
  ): Promise<string | undefined> {
    if (key === 'ip') return clientIp();
    if (key === 'session' || key === 'credential' || key === 'admin_key') return undefined;
    const value = bodyValue(key, request.body);
    return value === undefined ? undefined : keyedHash(this.hashKey, key, value).toString('base64url');
  }
}

function bodyValue(
  key: Exclude<RateLimitKey, 'ip' | 'session' | 'credential' | 'admin_key'>,
  body: unknown,
): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (key === 'email') return normalisedEmail(fields.email);
  if (key === 'otp_destination') {
    if (fields.channel === 'email') return prefixed('email', normalisedEmail(fields.email));
    if (fields.channel === 'sms') return prefixed('sms', phoneDigits(fields.phone));
    return undefined;
  }
  const token = fields[key.slice('token:'.length)];
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH
    ? token
    : undefined;
}

/** As accounts store it: trimmed, NFKC-normalised, lower-cased. */
function normalisedEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().normalize('NFKC').toLowerCase();
  return email.includes('@') && email.length <= MAX_EMAIL_LENGTH ? email : undefined;
}

/** The digits of an international number, whatever separators were typed between them. */
function phoneDigits(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const digits = value.normalize('NFKC').replace(/[^0-9]/g, '');
  return digits.length >= 7 && digits.length <= 15 ? digits : undefined;
}

function prefixed(channel: string, address: string | undefined): string | undefined {
  return address === undefined ? undefined : `${channel}:${address}`;
}
