export * from './admin-api.decorator';
export * from './admin-key.guard';
export * from './admin-keys';
export * from './close-admin-api';
export * from './current-admin.decorator';
