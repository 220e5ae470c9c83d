import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NODE_BINARY, REPO_ROOT } from './support/process-build';

const ENTRY = 'dist/apps/auth-service/src/main.js';
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

/** The Node arguments before the entry point of each documented way to start the service. */
function startCommands(): Record<string, string[]> {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const dockerCmd = /^CMD (\[.*\])$/m.exec(read('docker/Dockerfile'))?.[1] ?? '[]';
  const composeCmd = /^ {4}command: (\['node', .*'dist\/apps\/auth-service\/src\/main\.js'\])$/m.exec(
    read('docker-compose.yml'),
  )?.[1];
  return {
    'npm run start:prod': (scripts['start:prod'] ?? '').split(' '),
    'the image': JSON.parse(dockerCmd) as string[],
    'docker compose': JSON.parse((composeCmd ?? '[]').replaceAll("'", '"')) as string[],
  };
}

/** The old generation and semi-space sizes, in MiB, that Node gets from `args`. */
async function heapLimits(args: string[], env: NodeJS.ProcessEnv = {}) {
  const script =
    "const v8 = require('node:v8');" +
    'console.log(JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }))';
  const { stdout } = await promisify(execFile)(NODE_BINARY, [...args, '-e', script], { cwd: REPO_ROOT, env });
  return JSON.parse(stdout) as { limit: number };
}

describe('production start commands', () => {
  it('all run the entry point with the memory options of node-options.env', () => {
    for (const [name, command] of Object.entries(startCommands())) {
      expect({ name, command }).toEqual({ name, command: ['node', '--env-file=node-options.env', ENTRY] });
    }
  });

  it('bound the heap to fit under 250 MB, unless NODE_OPTIONS says otherwise', async () => {
    const options = ['--env-file=node-options.env'];
    const { limit } = await heapLimits(options);
    // The old generation's 160 MiB plus the young generation's semi-spaces.
    expect(limit).toBeGreaterThanOrEqual(160);
    expect(limit).toBeLessThan(220);
    const larger = await heapLimits(options, { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(larger.limit).toBeGreaterThan(512);
  });
});
