import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/*
 * The process tests run the built service (`node dist/apps/auth-service/src/main.js`), exactly
 * as `npm run start:prod` and the container do. CI builds before testing; anywhere else the
 * output may be missing or older than the sources, so it is rebuilt once with `npm run build`,
 * under a lock file so that two Jest workers never build at the same time.
 */

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const SERVICE_ENTRY = join(REPO_ROOT, 'dist/apps/auth-service/src/main.js');
export const NODE_BINARY = join(REPO_ROOT, 'node_modules/.bin/node');

const BUILD_INPUTS = ['apps', 'libs'];
const BUILD_CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const NOT_BUILT = /\.(spec|int-spec|e2e-spec)\.ts$|\/(test|testing)\//;
const LOCK_FILE = join(
  tmpdir(),
  `auth-service-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 8)}.lock`,
);

/** Builds the service unless `dist` is at least as new as every source file that goes into it. */
export async function ensureServiceBuilt(): Promise<void> {
  while (!isBuildFresh()) {
    if (!tryLock()) {
      await sleep(250);
      continue;
    }
    try {
      if (!isBuildFresh()) await build();
    } finally {
      unlinkSync(LOCK_FILE);
    }
  }
}

function isBuildFresh(): boolean {
  if (!existsSync(SERVICE_ENTRY)) return false;
  const built = statSync(SERVICE_ENTRY).mtimeMs;
  const configs = BUILD_CONFIGS.map((file) => statSync(join(REPO_ROOT, file)).mtimeMs);
  return Math.max(...configs, ...BUILD_INPUTS.map((dir) => newestSource(join(REPO_ROOT, dir)))) <= built;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && path.endsWith('.ts') && !NOT_BUILT.test(path)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Takes the lock, or clears it when the process that held it is gone. */
function tryLock(): boolean {
  try {
    const fd = openSync(LOCK_FILE, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let holder: number;
  try {
    holder = Number(readFileSync(LOCK_FILE, 'utf8'));
  } catch {
    return false;
  }
  if (holder > 0 && !isAlive(holder)) unlinkSync(LOCK_FILE);
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function build(): Promise<void> {
  try {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`, { cause: error });
  }
}
