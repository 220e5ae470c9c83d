import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config';

interface StoredKey {
  name: string;
  digest: Buffer;
}

/**
 * The configured admin API keys, kept only as SHA-256 digests. A presented key is hashed too and
 * compared with every digest in constant time, whatever its length and whether an earlier key
 * matched, so that timing tells nothing about any key.
 */
@Injectable()
export class AdminKeys {
  private readonly keys: readonly StoredKey[];

  constructor(config: AppConfig) {
    this.keys = config.admin.apiKeys.map(({ name, key }) => ({ name, digest: digest(key) }));
  }

  /** False when ADMIN_API_KEYS is unset: the admin API is off. */
  get configured(): boolean {
    return this.keys.length > 0;
  }

  /** The name of the key presented, or undefined when it is not one of them. */
  nameOf(presented: string): string | undefined {
    const candidate = digest(presented);
    let match: string | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(candidate, key.digest) && match === undefined) match = key.name;
    }
    return match;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
