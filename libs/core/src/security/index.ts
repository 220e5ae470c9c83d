export * from './constant-time';
export * from './keyed-hash';
export * from './secret-file';
export * from './secret-keys';
