import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of its own for one benchmark run, dropped at the end (the service migrates it). */
export class ThrowawayDatabase {
  readonly name = `auth_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

  private constructor() {}

  static async create(): Promise<ThrowawayDatabase> {
    const database = new ThrowawayDatabase();
    await withAdmin((admin) => admin.query(`CREATE DATABASE ${database.name}`));
    return database;
  }

  get url(): string {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  /** Runs one query against this database on a connection of its own. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`the benchmark needs Postgres at ${ADMIN_URL}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
