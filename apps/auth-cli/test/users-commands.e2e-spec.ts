import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { testEnvironment } from '@app/core/testing';
import { CliInput } from '../src/cli-input';
import { runCli } from '../src/run-cli';
import { CapturedOutput } from './captured-output';

const PASSWORD = 'an operator chosen passphrase 31';
const env = testEnvironment();

describe('auth-cli account commands', () => {
  let dataDir: string;
  let db: Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(env.tmpRoot, 'cli-data-'));
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> {
    const output = new CapturedOutput();
    const input: CliInput = { readAll: async () => stdin };
    const variables = {
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      DB_MIGRATE_ON_START: 'false',
      BCRYPT_COST: '10',
      DATA_DIR: dataDir,
    };
    const code = await runCli(['node', 'main.js', ...args], variables, { output, input });
    return { code, out: output.out, err: output.err };
  }

  const row = async (email: string) =>
    (
      await db.query<{
        id: string;
        password_hash: string | null;
        disabled: boolean;
        email_verified_at: Date | null;
      }>('SELECT id, password_hash, disabled, email_verified_at FROM users WHERE email = $1', [email])
    ).rows[0];

  const actions = async (userId: string) =>
    (
      await db.query<{ type: string; actor: string }>(
        `SELECT type, metadata->>'actor' AS actor FROM audit_events WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      )
    ).rows;

  it('creates, disables, enables and deletes an account on the service’s own rules', async () => {
    const email = `cli-${randomUUID()}@example.test`;

    const created = await cli(
      ['users:create', email, '--password-stdin', '--email-verified'],
      `${PASSWORD}\n`,
    );
    expect(created).toMatchObject({ code: 0, err: [] });
    const user = (await row(email))!;
    expect(created.out).toEqual([`created ${user.id} ${email}`]);
    expect(user.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(user.email_verified_at).not.toBeNull();
    await db.query(`INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + interval '1 day')`, [
      user.id,
    ]);

    expect(await cli(['users:disable', email.toUpperCase(), '--reason', 'abuse report'])).toEqual({
      code: 0,
      out: [`disabled ${user.id} ${email}`],
      err: [],
    });
    expect((await row(email))!.disabled).toBe(true);
    const live = await db.query('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [
      user.id,
    ]);
    expect(live.rows).toEqual([]);

    expect((await cli(['users:enable', user.id])).code).toBe(0);
    expect((await row(email))!.disabled).toBe(false);

    expect(await cli(['users:delete', user.id])).toMatchObject({
      code: 1,
      err: ['error: deleting an account cannot be undone: repeat with --yes'],
    });
    expect(await cli(['users:delete', user.id, '--yes'])).toEqual({
      code: 0,
      out: [`deleted ${user.id}`],
      err: [],
    });
    expect(await row(email)).toBeUndefined();
    expect(await actions(user.id)).toEqual([{ type: 'admin.user_deleted', actor: 'cli' }]);
  });

  it('creates an account without a password, and explains refusals in one line', async () => {
    const email = `cli-${randomUUID()}@example.test`;
    expect((await cli(['users:create', email])).out).toEqual([expect.stringMatching(/ \(no password\)$/)]);
    expect((await row(email))!.password_hash).toBeNull();

    expect(await cli(['users:create', email])).toMatchObject({
      code: 1,
      err: [expect.stringMatching(/^error: email_taken: /)],
    });
    const weak = await cli(
      ['users:create', `cli-${randomUUID()}@example.test`, '--password-stdin'],
      'password',
    );
    expect(weak).toMatchObject({ code: 1, err: [expect.stringMatching(/^error: weak_password: /)] });
    expect(await cli(['users:disable', 'nobody@example.test'])).toMatchObject({
      code: 1,
      err: ['error: no user has the id or email "nobody@example.test"'],
    });
  });

  it('generates admin keys in the name:key form that ADMIN_API_KEYS accepts', async () => {
    const first = await cli(['admin-key:generate', 'back-office']);
    const second = await cli(['admin-key:generate']);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([expect.stringMatching(/^back-office:[A-Za-z0-9_-]{43}$/)]);
    expect(second.out).toEqual([expect.stringMatching(/^admin:[A-Za-z0-9_-]{43}$/)]);
    expect(first.out[0]!.split(':')[1]).not.toBe(second.out[0]!.split(':')[1]);
    const keys = `${first.out[0]},${second.out[0]}`;
    expect((await cli(['admin-key:generate'], '')).code).toBe(0);
    expect(
      await runCli(
        ['node', 'main.js', 'admin-key:generate'],
        { ADMIN_API_KEYS: keys },
        { output: new CapturedOutput() },
      ),
    ).toBe(0);
    expect(await cli(['admin-key:generate', 'bad name'])).toMatchObject({ code: 1 });
  });
});
