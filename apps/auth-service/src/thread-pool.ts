import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { promisify } from 'node:util';

/**
 * The niceness of the pool's threads. At 10 the scheduler gives a contended core to the event
 * loop (niceness 0) about nine times in ten, and to the pool whatever the event loop leaves.
 */
const THREAD_POOL_NICENESS = 10;

/** Where Linux lists the threads of this process. */
const TASKS_DIR = '/proc/self/task';

/**
 * The size of libuv's thread pool, which runs bcrypt, WebCrypto, file access and DNS lookups.
 * PasswordHasher keeps at most one bcrypt hash per core running; two more threads keep the rest
 * from ever waiting behind a login flood. Never fewer than libuv's own default of 4.
 */
export function threadPoolSize(cores: number): number {
  return Math.max(4, cores + 2);
}

/**
 * Sets UV_THREADPOOL_SIZE for this process unless the operator did, and returns the value in
 * force. libuv reads it once, when the pool gets its first work: see size-thread-pool.ts.
 */
export function sizeThreadPool(env: NodeJS.ProcessEnv, cores = availableParallelism()): string {
  env.UV_THREADPOOL_SIZE ||= String(threadPoolSize(cores));
  return env.UV_THREADPOOL_SIZE;
}

/**
 * Lowers the scheduling priority of libuv's pool threads (niceness is per thread on Linux), so
 * that while bcrypt keeps every core busy the event loop still runs as soon as it has work:
 * health checks, token verification and refusals are not queued behind hashes, and hashing
 * still gets every cycle the event loop does not use. Starts the pool first (libuv creates its
 * threads with its first work). Returns how many threads it changed: none where there is no
 * `/proc`, as on macOS.
 */
export async function deprioritizeThreadPool(
  niceness = THREAD_POOL_NICENESS,
  tasksDir = TASKS_DIR,
): Promise<number> {
  await promisify(randomFill)(new Uint8Array(1));
  let tasks: string[];
  try {
    tasks = readdirSync(tasksDir);
  } catch {
    return 0;
  }
  let changed = 0;
  for (const tid of tasks) {
    if (threadName(tasksDir, tid) !== 'libuv-worker') continue;
    setPriority(Number(tid), niceness);
    changed++;
  }
  return changed;
}

function threadName(tasksDir: string, tid: string): string | undefined {
  try {
    return readFileSync(`${tasksDir}/${tid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
