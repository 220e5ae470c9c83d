import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/core';
import { randomSecret, SECRET_PATTERN } from './oauth-secrets';

const TTL_SECONDS = 600;

/**
 * The cookie that ties an authorization attempt to the browser that started it, so that a
 * callback opened in another browser (login CSRF) finds no attempt. `__Host-` keeps it off other
 * subdomains when the service is on https; `SameSite=Lax` still sends it on the provider's
 * top-level redirect back. A browser keeps one value for all its attempts (several tabs work).
 */
@Injectable()
export class BrowserBinding {
  readonly name: string;
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = config.publicUrl.startsWith('https:');
    this.name = this.secure ? '__Host-oauth_binding' : 'oauth_binding';
  }

  read(request: FastifyRequest): string | undefined {
    const header = request.headers.cookie;
    if (typeof header !== 'string') return undefined;
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      const value = rest.join('=');
      if (name === this.name && SECRET_PATTERN.test(value)) return value;
    }
    return undefined;
  }

  /** The browser's value, or a new one to `set` once the attempt is stored. */
  valueFor(request: FastifyRequest): string {
    return this.read(request) ?? randomSecret();
  }

  /** Set again on every attempt, so that it lives as long as the newest one. */
  set(reply: FastifyReply, value: string): void {
    const attributes = ['Path=/', `Max-Age=${TTL_SECONDS}`, 'HttpOnly', 'SameSite=Lax'];
    if (this.secure) attributes.push('Secure');
    reply.header('set-cookie', `${this.name}=${value}; ${attributes.join('; ')}`);
  }
}
