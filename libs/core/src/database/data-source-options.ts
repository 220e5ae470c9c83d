import type { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config';
import type { EmbeddedConnection } from './embedded-postgres';
import { loadSqlMigrations } from './sql-migrations';
import { TypeOrmLogger } from './typeorm-logger';

export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * The one DataSource definition, shared by the service, the operator CLI and the TypeORM CLI.
 * Connection and statement timeouts make calls fail fast (503) when Postgres is away.
 */
export function buildDataSourceOptions(config: AppConfig, embedded?: EmbeddedConnection): DataSourceOptions {
  const target = embedded
    ? {
        host: embedded.host,
        port: embedded.port,
        username: embedded.username,
        database: embedded.database,
      }
    : { url: config.database.url };
  const poolSize = embedded
    ? Math.min(config.database.poolSize, embedded.maxConnections - 1)
    : config.database.poolSize;
  return {
    type: 'postgres',
    ...target,
    applicationName: 'auth-service',
    migrations: loadSqlMigrations(),
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    // Generated uuid columns default to gen_random_uuid() (core since Postgres 13, and what the
    // migrations use) rather than uuid-ossp's uuid_generate_v4(), which the embedded Postgres does not load.
    uuidExtension: 'pgcrypto',
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1000,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: config.database.connectTimeoutMs,
      statement_timeout: config.database.statementTimeoutMs,
      query_timeout: config.database.statementTimeoutMs + 1000,
      idle_in_transaction_session_timeout: config.database.statementTimeoutMs * 3,
      keepAlive: true,
    },
  };
}
