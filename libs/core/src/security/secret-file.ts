import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a development secret from DATA_DIR, creating it on first use (mode 0600). Two processes
 * racing on a fresh directory both end up with the file written first.
 */
export function readOrCreateSecretFile(
  dataDir: string,
  name: string,
  generate: () => string,
): { value: string; created: boolean } {
  const path = join(dataDir, name);
  try {
    return { value: readFileSync(path, 'utf8'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, generate(), { mode: 0o600, flag: 'wx' });
    return { value: readFileSync(path, 'utf8'), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { value: readFileSync(path, 'utf8'), created: false };
  }
}
