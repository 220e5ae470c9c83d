import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closedPort } from './ports';

/**
 * A `redis-server` of a test's own, on a free port, that the test can stop (as a crash would),
 * start again on the same port (empty, as after a restart without persistence), or freeze and
 * thaw (a server that hangs). The process is always handled by its PID.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private paused = false;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await closedPort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('redis-server is already running');
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  }

  /** Kills the server at once; clients see their connection drop. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.paused = false;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      process.kill(child.pid!, 'SIGKILL');
      await exited;
    }
  }

  /** Freezes the server: connections stay open, commands get no answer. */
  pause(): void {
    process.kill(this.child!.pid!, 'SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (this.paused) process.kill(this.child!.pid!, 'SIGCONT');
    this.paused = false;
  }

  /** Running and answering again, whatever a test left it in. */
  async restore(): Promise<void> {
    if (!this.child) await this.start();
    else this.resume();
  }
}
