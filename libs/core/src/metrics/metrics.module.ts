import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { HttpMetrics, httpRequestDurationProvider } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';

/**
 * prom-client's default collector exposes these gauges with a counter's `_total` suffix, which
 * Prometheus' naming rules (and `promtool check metrics`) refuse. Their information stays in
 * `nodejs_active_handles`, `nodejs_active_requests` and `nodejs_active_resources`, by type:
 * `sum()` over those gives the same totals.
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

function withoutMisnamedDefaultGauges(module: DynamicModule): DynamicModule {
  for (const name of MISNAMED_DEFAULT_GAUGES) register.removeSingleMetric(name);
  return module;
}

/** `/metrics`: default process metrics, the HTTP duration histogram, and the modules' counters. */
@Module({
  imports: [
    withoutMisnamedDefaultGauges(
      PrometheusModule.register({
        controller: MetricsController,
        defaultMetrics: { enabled: true },
        global: true,
      }),
    ),
  ],
  providers: [MetricsTokenGuard, httpRequestDurationProvider, HttpMetrics],
})
export class MetricsModule {}
