import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { RateLimitName } from '../config';

const RATE_LIMITS = 'auth:rate-limits';

/**
 * Puts a route under named limits of the configuration (`RATE_LIMIT_<NAME>`), on top of the
 * global per-IP ceiling that every route has.
 */
export const ApplyRateLimits = (...names: Array<Exclude<RateLimitName, 'global'>>) =>
  SetMetadata(RATE_LIMITS, names);

export function routeRateLimits(context: ExecutionContext): RateLimitName[] {
  const names = (Reflect.getMetadata(RATE_LIMITS, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMITS, context.getClass()) ??
    []) as RateLimitName[];
  return names;
}
