import { SkipThrottle } from '@nestjs/throttler';
import { RATE_LIMIT_DEFAULTS } from '../config';

/** Exempts a route or controller from every end-user rate limit (health, metrics, docs). */
export const SkipRateLimits = (): MethodDecorator & ClassDecorator =>
  SkipThrottle(Object.fromEntries(Object.keys(RATE_LIMIT_DEFAULTS).map((name) => [name, true])));
