import { compare, hash } from 'bcrypt';

/**
 * The bcrypt limit of this machine: as many compare loops as the libuv pool has threads (the
 * benchmark sets UV_THREADPOOL_SIZE to the service's pool size), each comparing a password of the
 * service's pre-hash length against a hash at the configured cost, for a fixed time. Prints one
 * JSON line: `{"comparesPerSecond": number}`.
 */
const [cost, threads, seconds] = process.argv.slice(2).map(Number) as [number, number, number];
const password = 'x'.repeat(64);

async function loop(stored: string, until: number): Promise<number> {
  let done = 0;
  while (performance.now() < until) {
    await compare(password, stored);
    done++;
  }
  return done;
}

async function main(): Promise<void> {
  const stored = await hash(password, cost);
  await Promise.all(Array.from({ length: threads }, () => compare(password, stored)));
  const start = performance.now();
  const counts = await Promise.all(
    Array.from({ length: threads }, () => loop(stored, start + seconds * 1000)),
  );
  const elapsed = (performance.now() - start) / 1000;
  const total = counts.reduce((sum, count) => sum + count, 0);
  console.log(JSON.stringify({ comparesPerSecond: total / elapsed }));
}

void main();
