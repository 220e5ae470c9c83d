import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { Env } from './env-reader';

/**
 * The process environment, completed outside production by a `.env` file in the working
 * directory. Variables already set in the environment win over the file.
 */
// The one place that reads the process environment; everything else receives AppConfig.
// eslint-disable-next-line no-restricted-syntax
export function readEnvironment(processEnv: Env = process.env, cwd = process.cwd()): Env {
  const file = resolve(cwd, '.env');
  if (processEnv.NODE_ENV === 'production' || !existsSync(file)) return processEnv;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...processEnv };
}
