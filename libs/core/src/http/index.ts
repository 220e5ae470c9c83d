export * from './validation.pipe';
export * from './request-id';
