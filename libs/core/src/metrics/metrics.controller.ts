import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { SkipRateLimits } from '../throttling';
import { MetricsTokenGuard } from './metrics-token.guard';

/** Prometheus text exposition; behind `METRICS_TOKEN` when one is configured. */
@ApiExcludeController()
@SkipRateLimits()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', register.contentType)
  async scrape(): Promise<string> {
    return register.metrics();
  }
}
