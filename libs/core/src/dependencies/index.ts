export * from './dependency-monitor';
