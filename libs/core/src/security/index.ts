export * from './constant-time';
