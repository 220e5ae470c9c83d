export * from './metrics.module';
export * from './http-metrics';
