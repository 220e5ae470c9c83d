import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { closedPort } from './ports';

const run = promisify(execFile);
const POSTGRES_ROOT = '/usr/lib/postgresql';
const OS_USER = 'postgres';

/**
 * A throwaway Postgres cluster (initdb + pg_ctl) in a temporary directory, on a free port, that
 * a test stops and starts to take the database away from the service and give it back. Postgres
 * refuses to run as root, so as root the binaries run as the `postgres` OS user. `destroy` stops
 * the server (by its PID if pg_ctl cannot) and removes the directory.
 */
export class PostgresCluster {
  private readonly dataDir: string;

  private constructor(
    private readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = join(root, 'data');
  }

  static async create(): Promise<PostgresCluster> {
    const root = mkdtempSync(join(tmpdir(), 'auth-pg-'));
    const cluster = new PostgresCluster(root, await closedPort());
    if (runsAsRoot()) {
      const { stdout } = await run('id', ['-u', OS_USER]);
      const { stdout: group } = await run('id', ['-g', OS_USER]);
      chownSync(root, Number(stdout.trim()), Number(group.trim()));
    }
    await cluster.pg('initdb', [
      '-D',
      cluster.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    return cluster;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.root, 'log'), '-w', 'start']);
  }

  /** A fast shutdown: open connections are terminated, new ones refused. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
  }

  async destroy(): Promise<void> {
    const pid = this.serverPid();
    if (pid !== undefined) {
      try {
        await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        killQuietly(pid);
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  private serverPid(): number | undefined {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  }

  private async pg(binary: string, args: string[]): Promise<void> {
    const path = join(binDirectory(), binary);
    const [command, commandArgs] = runsAsRoot()
      ? ['runuser', ['-u', OS_USER, '--', path, ...args]]
      : [path, args];
    await run(command, commandArgs, { cwd: this.root });
  }
}

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The newest installed major's binaries. */
function binDirectory(): string {
  const majors = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error(`no Postgres binaries under ${POSTGRES_ROOT}`);
  return join(POSTGRES_ROOT, majors[0]!, 'bin');
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
