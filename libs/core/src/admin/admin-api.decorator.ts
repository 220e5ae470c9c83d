import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiProblemResponse, RATE_LIMIT_HEADERS } from '../errors';
import { SkipRateLimits } from '../throttling/skip-rate-limits.decorator';
import { AdminKeyGuard } from './admin-key.guard';

/** The OpenAPI security scheme of admin keys (see swagger.ts). */
export const ADMIN_KEY_SECURITY = 'admin-key';
export const ADMIN_TAG = 'admin';

/**
 * Puts a controller under `/admin/v1` rules: an admin key (`AdminKeyGuard`), its own per-key limit
 * instead of the end-user per-IP limits, and the OpenAPI tag and security scheme of the admin API.
 */
export const AdminApi = (tag = ADMIN_TAG): ClassDecorator =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(ADMIN_KEY_SECURITY),
    SkipRateLimits(),
    UseGuards(AdminKeyGuard),
    ApiProblemResponse(401, '`unauthorized`: no admin API key, or not one of `ADMIN_API_KEYS`.'),
    ApiUnauthorizedResponse({
      headers: { 'WWW-Authenticate': { description: '`Bearer realm="admin"`', schema: { type: 'string' } } },
    }),
    ApiProblemResponse(429, '`rate_limited`: too many calls with this key (`RATE_LIMIT_ADMIN`).'),
    ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS }),
  );
