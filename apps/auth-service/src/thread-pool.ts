import { availableParallelism } from 'node:os';

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
