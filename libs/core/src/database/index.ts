export * from './database.module';
export * from './data-source-options';
export * from './embedded-postgres';
export * from './migration-runner';
export * from './sql-migrations';
export * from './typeorm-logger';
