import { DynamicModule, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as bcrypt from 'bcrypt';
import { randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource, In } from 'typeorm';
import {
  AccessTokenVerifier,
  AppConfig,
  buildDataSourceOptions,
  Clock,
  EarlyRefusals,
  InvalidTokenException,
  Principal,
  SecretKeys,
} from '@app/core';
import { testConfig } from '@app/core/testing';
import { normalizePhone } from './fields/normalize';
import { PasswordHasher } from './passwords/password-hasher';
import { toUserDto } from './user.dto';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import {
  EmailTakenException,
  PhoneTakenException,
  UserNotFoundException,
  WeakPasswordException,
} from './users.errors';
import { UsersModule } from './users.module';
import { RegisterInput, UsersService } from './users.service';

/** What the application's global modules would provide to UsersModule. */
@Module({})
class GlobalsModule {
  static with(config: AppConfig): DynamicModule {
    const providers = [
      { provide: AppConfig, useValue: config },
      { provide: Clock, useValue: new Clock() },
      { provide: SecretKeys, useValue: new SecretKeys(config) },
      // The tokens module's verifier; never reached here, the controller is called directly.
      { provide: AccessTokenVerifier, useValue: { verify: async () => undefined } },
      { provide: EarlyRefusals, useClass: EarlyRefusals },
    ];
    return { module: GlobalsModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }
}

const PASSWORD = 'tangerine-orbit-47';

function uniqueEmail(): string {
  return `${randomUUID()}@example.test`;
}

/** A valid French mobile number, spaced as people type it. */
function frenchMobile(): { typed: string; e164: string } {
  for (;;) {
    const digits = String(randomInt(10_000_000, 100_000_000));
    const typed = `+33 6 ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')}`;
    const e164 = normalizePhone(typed);
    if (e164) return { typed, e164 };
  }
}

function toFullwidth(ascii: string): string {
  return ascii.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

describe('UsersService (Postgres)', () => {
  let config: AppConfig;
  let moduleRef: TestingModule;
  let users: UsersService;
  let dataSource: DataSource;
  const created: string[] = [];

  /** What registration does: the checks and the hash, then the account. */
  const signUp = async (input: RegisterInput) => users.createAccount(await users.prepareAccount(input));

  /** Registers with a fresh address that afterEach deletes. */
  async function register(overrides: { email?: string; phone?: string; displayName?: string } = {}) {
    const email = overrides.email ?? uniqueEmail();
    created.push(email.trim().toLowerCase());
    return signUp({ email, password: PASSWORD, ...overrides });
  }

  beforeAll(async () => {
    config = testConfig();
    moduleRef = await Test.createTestingModule({
      imports: [
        GlobalsModule.with(config),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config), entities: [User] }),
        UsersModule,
      ],
    }).compile();
    await moduleRef.init();
    users = moduleRef.get(UsersService);
    dataSource = moduleRef.get(DataSource);
  });

  afterEach(async () => {
    await dataSource.getRepository(User).delete({ email: In(created.splice(0)) });
  });

  afterAll(async () => {
    await moduleRef.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('maps the entity onto the users table of the migrations exactly', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    const touchingUsers = pending.upQueries.filter((query) => /"users"/.test(query.query));
    expect(touchingUsers.map((query) => query.query)).toEqual([]);
  });

  it('registers an account with a normalised email and a bcrypt hash of the password', async () => {
    const email = uniqueEmail();
    const user = await register({ email: `  ${email.toUpperCase()} `, displayName: 'Alice' });
    expect(user).toMatchObject({
      email,
      phone: null,
      displayName: 'Alice',
      mfaEnabled: false,
      emailVerifiedAt: null,
      phoneVerifiedAt: null,
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.passwordHash).toMatch(/^\$2b\$10\$/);
    expect(user.createdAt).toBeInstanceOf(Date);

    const stored = await users.findByEmail(email);
    expect(stored).toEqual(user);
    expect(await users.findById(user.id)).toEqual(user);
    expect(toUserDto(stored!)).toEqual({
      id: user.id,
      email,
      email_verified: false,
      phone: null,
      phone_verified: false,
      display_name: 'Alice',
      mfa_enabled: false,
      app_metadata: {},
      has_password: true,
      last_sign_in_at: null,
      created_at: user.createdAt.toISOString(),
    });
  });

  it('refuses a second account for the same normalised address with email_taken', async () => {
    const local = randomUUID();
    await register({ email: `  ${local.toUpperCase()}@Example.TEST ` });
    const variants = [`${local}@example.test`, toFullwidth(`${local.toUpperCase()}@EXAMPLE.test`)];
    for (const email of variants) {
      await expect(register({ email })).rejects.toBeInstanceOf(EmailTakenException);
    }
    await expect(register({ email: `${local}@example.test` })).rejects.toMatchObject({
      status: 409,
      code: 'email_taken',
    });
    expect(await dataSource.getRepository(User).countBy({ email: `${local}@example.test` })).toBe(1);
  });

  it('lets exactly one of 20 concurrent registrations of one address succeed', async () => {
    const email = uniqueEmail();
    created.push(email);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => signUp({ email, password: PASSWORD })),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(succeeded).toHaveLength(1);
    expect(failed).toHaveLength(19);
    for (const failure of failed) expect(failure.reason).toBeInstanceOf(EmailTakenException);
    expect(await dataSource.getRepository(User).countBy({ email })).toBe(1);
  });

  it('stores the phone as E.164 and refuses a number already taken with phone_taken', async () => {
    const phone = frenchMobile();
    const user = await register({ phone: phone.typed });
    expect(user.phone).toBe(phone.e164);
    expect((await users.findByPhone(phone.e164))?.id).toBe(user.id);

    await expect(register({ phone: phone.e164 })).rejects.toBeInstanceOf(PhoneTakenException);
    await expect(register({ phone: phone.e164 })).rejects.toMatchObject({ status: 409, code: 'phone_taken' });
    await expect(register({ phone: '0612345678' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a weak password before writing anything', async () => {
    const email = uniqueEmail();
    await expect(signUp({ email, password: 'password1' })).rejects.toBeInstanceOf(WeakPasswordException);
    await expect(signUp({ email, password: email.toUpperCase() })).rejects.toMatchObject({
      code: 'weak_password',
    });
    expect(await users.findByEmail(email)).toBeNull();
  });

  it('verifies passwords, with and without an account', async () => {
    const user = await register();
    await expect(users.verifyPassword(user, PASSWORD)).resolves.toBe(true);
    await expect(users.verifyPassword(user, `${PASSWORD}!`)).resolves.toBe(false);
    await expect(users.verifyPassword(null, PASSWORD)).resolves.toBe(false);
  });

  it('changes the password, stamping password_changed_at', async () => {
    const user = await register();
    const changed = await users.changePassword(user.id, 'a much longer and better passphrase');
    expect(changed.passwordChangedAt.getTime()).toBeGreaterThan(user.passwordChangedAt.getTime());
    expect(changed.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
    await expect(users.verifyPassword(changed, PASSWORD)).resolves.toBe(false);
    await expect(users.verifyPassword(changed, 'a much longer and better passphrase')).resolves.toBe(true);

    await expect(users.changePassword(user.id, '12345678')).rejects.toBeInstanceOf(WeakPasswordException);
    await expect(users.changePassword(user.id, user.email)).rejects.toMatchObject({ code: 'weak_password' });
    await expect(users.changePassword(randomUUID(), PASSWORD)).rejects.toBeInstanceOf(UserNotFoundException);
  });

  it('re-hashes a password stored with another cost, once', async () => {
    const user = await register();
    const olderCost = new PasswordHasher({ ...config, passwords: { ...config.passwords, bcryptCost: 11 } });
    await dataSource
      .getRepository(User)
      .update({ id: user.id }, { passwordHash: await olderCost.hash(PASSWORD) });
    const stored = (await users.findById(user.id))!;
    expect(bcrypt.getRounds(stored.passwordHash!)).toBe(11);

    await expect(users.rehashIfNeeded(stored, PASSWORD)).resolves.toBe(true);
    const rehashed = (await users.findById(user.id))!;
    expect(bcrypt.getRounds(rehashed.passwordHash!)).toBe(10);
    expect(rehashed.passwordChangedAt).toEqual(user.passwordChangedAt);
    await expect(users.verifyPassword(rehashed, PASSWORD)).resolves.toBe(true);
    await expect(users.rehashIfNeeded(rehashed, PASSWORD)).resolves.toBe(false);
  });

  it('marks the email and the phone verified and switches MFA', async () => {
    const user = await register({ phone: frenchMobile().typed });
    const verified = await users.markEmailVerified(user.id);
    expect(verified.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await users.markEmailVerified(user.id)).emailVerifiedAt).toEqual(verified.emailVerifiedAt);
    await users.markPhoneVerified(user.id);
    await users.setMfaEnabled(user.id, true);
    expect(toUserDto((await users.findById(user.id))!)).toMatchObject({
      email_verified: true,
      phone_verified: true,
      mfa_enabled: true,
    });
    expect((await users.setMfaEnabled(user.id, false)).mfaEnabled).toBe(false);
    await expect(users.markEmailVerified(randomUUID())).rejects.toBeInstanceOf(UserNotFoundException);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    expect(await users.findById(randomUUID())).toBeNull();
    expect(await users.findById('not-a-uuid')).toBeNull();
    await expect(users.setMfaEnabled('not-a-uuid', true)).rejects.toBeInstanceOf(UserNotFoundException);
  });

  it('answers GET /user/me from the fresh row, and 401 once the account is gone', async () => {
    const controller = moduleRef.get(UsersController);
    const user = await register();
    const principal: Principal = {
      userId: user.id,
      sessionId: randomUUID(),
      email: user.email,
      aal: 'aal1',
      amr: ['pwd'],
      issuedAt: 0,
      expiresAt: 0,
    };
    await users.markEmailVerified(user.id);
    expect(await controller.me(principal)).toMatchObject({ id: user.id, email_verified: true });

    await dataSource.getRepository(User).delete({ id: user.id });
    await expect(controller.me(principal)).rejects.toBeInstanceOf(InvalidTokenException);
  });
});
