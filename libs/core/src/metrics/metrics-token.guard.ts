import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config';
import { UnauthorizedException } from '../errors';
import { constantTimeEquals } from '../security';

@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.metricsToken;
    if (expected === undefined) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (presented && constantTimeEquals(presented, expected)) return true;
    throw new UnauthorizedException('A valid metrics token is required.', {
      'WWW-Authenticate': 'Bearer realm="metrics"',
    });
  }
}
