import { ExecutionContext, SetMetadata } from '@nestjs/common';

const SKIP_RATE_LIMITS = 'auth:skip-rate-limits';

/** Exempts a route or controller from every end-user rate limit (health, metrics, docs). */
export const SkipRateLimits = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMITS, true);

export function skipsRateLimits(context: ExecutionContext): boolean {
  return (
    Reflect.getMetadata(SKIP_RATE_LIMITS, context.getHandler()) === true ||
    Reflect.getMetadata(SKIP_RATE_LIMITS, context.getClass()) === true
  );
}
