export * from './test-config';
export * from './test-environment';
export * from './log-capture';
export * from './test-clock';
export * from './test-users';
export * from './forged-tokens';
export * from './config-error';
