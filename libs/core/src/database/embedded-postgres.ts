import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config';

export interface EmbeddedConnection {
  host: string;
  port: number;
  username: string;
  database: string;
  /** Connections the embedded server accepts; the pool must stay below it. */
  maxConnections: number;
}

const MAX_CONNECTIONS = 5;
/** Unix socket paths longer than this do not fit in `sockaddr_un`. */
const MAX_SOCKET_PATH = 100;

/**
 * Postgres compiled to WebAssembly (PGlite), kept under `DATA_DIR/pgdata` and served on the
 * wire protocol, so that the ordinary driver, the same migrations and the same queries run
 * with nothing installed. Development only: the configuration refuses it in production.
 */
@Injectable()
export class EmbeddedPostgres implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedPostgres.name);
  private db: PGlite | undefined;
  private server: PGLiteSocketServer | undefined;
  private lockFile: string | undefined;
  private starting: Promise<EmbeddedConnection> | undefined;

  constructor(private readonly config: AppConfig) {}

  start(): Promise<EmbeddedConnection> {
    this.starting ??= this.boot();
    return this.starting;
  }

  private async boot(): Promise<EmbeddedConnection> {
    const dataDir = join(this.config.dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.lockFile = this.acquireLock(join(this.config.dataDir, 'pgdata.lock'));
    const started = Date.now();
    this.db = await PGlite.create({ dataDir, extensions: { pgcrypto } });
    await this.db.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');

    const socketPath = join(this.config.dataDir, '.s.PGSQL.5432');
    const useSocket = socketPath.length <= MAX_SOCKET_PATH;
    if (useSocket) rmSync(socketPath, { force: true });
    this.server = new PGLiteSocketServer({
      db: this.db,
      ...(useSocket ? { path: socketPath } : { host: '127.0.0.1', port: 0 }),
      maxConnections: MAX_CONNECTIONS,
    });
    await this.server.start();
    const [host, port] = useSocket
      ? [this.config.dataDir, 5432]
      : (() => {
          const conn = this.server.getServerConn();
          const at = conn.lastIndexOf(':');
          return [conn.slice(0, at), Number(conn.slice(at + 1))] as const;
        })();
    this.logger.log(`embedded Postgres ready in ${Date.now() - started} ms (data in ${dataDir})`);
    return { host, port, username: 'postgres', database: 'postgres', maxConnections: MAX_CONNECTIONS };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    const { server, db } = this;
    this.server = undefined;
    this.db = undefined;
    this.starting = undefined;
    await server?.stop();
    await db?.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
    this.lockFile = undefined;
  }

  /** One process per data directory: PGlite has no lock of its own. */
  private acquireLock(path: string): string {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(path, 'utf8'));
        if (holder && holder !== process.pid && isAlive(holder)) {
          throw new Error(
            `the embedded database in ${this.config.dataDir} is in use by process ${holder}; set DATA_DIR or DATABASE_URL`,
            { cause: error },
          );
        }
        rmSync(path, { force: true });
      }
    }
    throw new Error(`cannot lock the embedded database in ${this.config.dataDir}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
