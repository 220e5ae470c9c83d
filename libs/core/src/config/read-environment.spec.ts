import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvironment } from './read-environment';

describe('readEnvironment', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-read-env-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the environment with .env outside production, the real environment winning', () => {
    writeFileSync(
      join(dir, '.env'),
      '# local settings\nPORT=9000\nLOG_LEVEL=debug\nMAIL_FROM="Dev <dev@localhost>"\n',
    );

    const env = readEnvironment({ LOG_LEVEL: 'warn', NODE_ENV: 'development' }, dir);

    expect(env).toEqual({
      NODE_ENV: 'development',
      PORT: '9000',
      LOG_LEVEL: 'warn',
      MAIL_FROM: 'Dev <dev@localhost>',
    });
  });

  it('reads .env when NODE_ENV is unset', () => {
    writeFileSync(join(dir, '.env'), 'PORT=9000\n');

    expect(readEnvironment({}, dir)).toEqual({ PORT: '9000' });
  });

  it('keeps a multi-line quoted value whole', () => {
    writeFileSync(
      join(dir, '.env'),
      'JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"\n',
    );

    expect(readEnvironment({}, dir).JWT_PRIVATE_KEY).toBe(
      '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    );
  });

  it('ignores .env in production', () => {
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://dev@localhost/dev\n');
    const processEnv = { NODE_ENV: 'production', PORT: '8001' };

    expect(readEnvironment(processEnv, dir)).toEqual(processEnv);
  });

  it('returns the environment as it is when there is no .env', () => {
    const processEnv = { PORT: '8001' };

    expect(readEnvironment(processEnv, dir)).toEqual(processEnv);
  });
});
