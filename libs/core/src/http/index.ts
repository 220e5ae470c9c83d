export * from './validation.pipe';
export * from './request-id';
export * from './json-body';
export * from './method-not-allowed';
export * from './client-ip';
export * from './client-info';
export * from './exempt-from';
export * from './security-headers';
