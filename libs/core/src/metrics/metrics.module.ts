import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetrics, httpRequestDurationProvider } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';

/** `/metrics`: default process metrics, the HTTP duration histogram, and the modules' counters. */
@Module({
  imports: [
    PrometheusModule.register({
      controller: MetricsController,
      defaultMetrics: { enabled: true },
      global: true,
    }),
  ],
  providers: [MetricsTokenGuard, httpRequestDurationProvider, HttpMetrics],
})
export class MetricsModule {}
