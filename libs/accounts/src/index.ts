export * from './accounts.module';
export * from './account-administration.service';
export * from './account-deletion.service';
