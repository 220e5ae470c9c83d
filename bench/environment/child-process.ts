import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A Node process started by the benchmark with exactly the variables given. Its output goes to a
 * file rather than a pipe, so that reading logs never costs the load generator CPU, and so that
 * the process writes them as it would to a container's log file.
 */
export class NodeProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;
  private exitCode: number | null = null;

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string>,
    private readonly logFile: string,
    cwd?: string,
  ) {
    const out = openSync(logFile, 'w');
    this.child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', out, out] });
    closeSync(out);
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.exitCode = (code as number | null) ?? -1;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  output(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /** The first match of `pattern` in the output, waiting for it; fails if the process exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output());
      if (match) return match;
      if (!this.running) throw new Error(`${this.name} exited:\n${tail(this.output())}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start:\n${tail(this.output())}`);
      await sleep(100);
    }
  }

  /** Peak resident set size in MiB (VmHWM), read while the process runs. */
  peakRssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (!kib) throw new Error(`no VmHWM in /proc/${this.pid}/status`);
    return Number(kib) / 1024;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
