import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_BINARY, SERVICE_ENTRY } from './process-build';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<ServiceProcess>();

/**
 * The built service as a child process, in a working directory of its own (so that no `.env`
 * is read) with only the variables given, its output collected line by line.
 */
export class ServiceProcess {
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly workDir = mkdtempSync(join(tmpdir(), 'auth-process-'));
  private readonly waiters = new Set<() => void>();
  private exit: Exit | undefined;

  constructor(env: Record<string, string>) {
    this.child = spawn(NODE_BINARY, [SERVICE_ENTRY], {
      cwd: this.workDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: join(this.workDir, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this);
    collectLines(this.child.stdout!, this.stdoutLines, () => this.notify());
    collectLines(this.child.stderr!, this.stderrLines, () => this.notify());
    // 'close' rather than 'exit': by then every line of output has been read.
    this.exited = once(this.child, 'close').then(([code, signal]) => {
      this.exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      this.notify();
      return this.exit;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Log lines of standard output that parse as JSON. */
  logEntries(): Array<Record<string, unknown>> {
    return this.stdoutLines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** The base URL the service logged once listening; fails if it exits first. */
  async listeningUrl(): Promise<string> {
    const message = await this.waitFor(() =>
      this.logEntries()
        .map((entry) => /listening on (http:\/\/\S+)/.exec(String(entry.msg))?.[1])
        .find(Boolean),
    );
    return message;
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every line of output. */
  waitFor<T>(probe: () => T | undefined | false): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value) {
          this.waiters.delete(check);
          resolve(value);
        } else if (this.exit) {
          this.waiters.delete(check);
          reject(
            new Error(`the service exited (${JSON.stringify(this.exit)}): ${this.stderrLines.join('\n')}`),
          );
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Kills the process by its PID if it still runs, then removes its working directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // It exited in the meantime.
      }
    }
    await this.exited;
    rmSync(this.workDir, { recursive: true, force: true });
    running.delete(this);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** For `afterEach`: every service a test started is stopped and its files removed. */
export async function stopAllServices(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

function collectLines(stream: NodeJS.ReadableStream, lines: string[], onLine: () => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (parts.length > 0) onLine();
  });
  stream.on('end', () => {
    if (partial) lines.push(partial);
    partial = '';
    onLine();
  });
}
