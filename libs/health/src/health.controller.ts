import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { SkipRateLimits } from '@app/core';
import { LivenessResponse, ReadinessResponse } from './health.responses';
import { PostgresHealthIndicator } from './postgres.health';
import { publicReport } from './readiness-report';
import { RedisHealthIndicator } from './redis.health';

const CHECK_TIMEOUT_MS = 1000;

@ApiTags('operations')
@SkipRateLimits()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PostgresHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Liveness: answers while the process serves requests; checks no dependency. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process serves requests (no dependency is checked)' })
  @ApiOkResponse({ type: LivenessResponse, description: 'The process is serving requests.' })
  liveness(): LivenessResponse {
    return { status: 'ok' };
  }

  /** Readiness: 503 when Postgres does not answer or once shutdown has begun. */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: Postgres answers and shutdown has not begun' })
  @ApiOkResponse({
    type: ReadinessResponse,
    description: 'Ready; the body reports each dependency (redis may be degraded).',
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponse,
    description: 'Postgres is not answering, or shutdown has begun.',
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return publicReport(
        await this.health.check([
          () => this.postgres.check(CHECK_TIMEOUT_MS),
          () => this.redis.check(CHECK_TIMEOUT_MS),
        ]),
      );
    } catch (error) {
      const report = (error as { getResponse?: () => HealthCheckResult | undefined }).getResponse?.();
      if (!report) throw error;
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return publicReport(report);
    }
  }
}
