export * from './throttling.module';
export * from './skip-rate-limits.decorator';
export * from './rate-limit.guard';
export * from './rate-limit-counter';
export * from './resilient-throttler.storage';
export * from './rate-limit.decorator';
