import { DynamicModule, Global, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import passport from 'passport';
import { DataSource } from 'typeorm';
import {
  AccessTokenVerifier,
  AppConfig,
  bearerToken,
  buildDataSourceOptions,
  Clock,
  createValidationPipe,
  Principal,
  ProblemFilter,
} from '@app/core';
import { TestClock, testConfig, TestUsers, User } from '@app/core/testing';
import { AuditModule } from '../audit.module';

type StrategyRequest = Parameters<passport.Strategy['authenticate']>[0];

/** passport's `jwt` strategy over the table: a bearer token that is one of its keys is admitted. */
class TableStrategy extends passport.Strategy {
  constructor(private readonly lookup: (token: string) => Principal | undefined) {
    super();
  }

  override authenticate(request: StrategyRequest): void {
    const principal = this.lookup(bearerToken(request.headers.authorization) ?? '');
    if (principal) this.success(principal);
    else this.fail(401);
  }
}

/** Access tokens that are simply keys of a table, standing in for the tokens module's verifier. */
export class TableAccessTokenVerifier extends AccessTokenVerifier {
  private readonly principals = new Map<string, Principal>();
  readonly strategy = new TableStrategy((token) => this.principals.get(token));

  issue(userId: string): string {
    const token = randomUUID().replaceAll('-', '');
    const now = Math.floor(Date.now() / 1000);
    this.principals.set(token, {
      userId,
      sessionId: randomUUID(),
      email: `${userId}@example.test`,
      aal: 'aal1',
      amr: ['pwd'],
      issuedAt: now,
      expiresAt: now + 900,
    });
    return token;
  }

  async verify(token: string): Promise<Principal | undefined> {
    return this.principals.get(token);
  }
}

/** What CoreModule and the tokens module provide globally in the service. */
@Global()
@Module({})
class AuditTestGlobals {
  static with(config: AppConfig, clock: Clock, verifier: AccessTokenVerifier): DynamicModule {
    const providers = [
      { provide: AppConfig, useValue: config },
      { provide: Clock, useValue: clock },
      { provide: AccessTokenVerifier, useValue: verifier },
    ];
    return { module: AuditTestGlobals, providers, exports: providers.map((p) => p.provide) };
  }
}

export interface AuditTestContext {
  moduleRef: TestingModule;
  /** Set with `{ http: true }`: the module served by Fastify under `/v1`, as the service does. */
  app: NestFastifyApplication | undefined;
  config: AppConfig;
  clock: TestClock;
  verifier: TableAccessTokenVerifier;
  dataSource: DataSource;
  /** A fresh row in `users`; deleting it (cleanup) cascades to its events. */
  createUser(): Promise<string>;
  /** Deletes the users made here (their events cascade), closes the module and its data directory. */
  close(): Promise<void>;
}

export interface AuditTestOptions {
  env?: Record<string, string>;
  http?: boolean;
}

/** AuditModule on the run's database with the globals it needs, initialised. */
export async function createAuditTestModule(options: AuditTestOptions = {}): Promise<AuditTestContext> {
  const config = testConfig(options.env);
  const clock = new TestClock();
  const verifier = new TableAccessTokenVerifier();
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuditTestGlobals.with(config, clock, verifier),
      TypeOrmModule.forRoot({
        ...buildDataSourceOptions(config),
        autoLoadEntities: true,
        entities: [User],
      }),
      AuditModule,
    ],
  }).compile();
  const app = options.http ? await serve(moduleRef) : (await moduleRef.init(), undefined);
  const dataSource = moduleRef.get(DataSource);
  const users = new TestUsers(dataSource);
  return {
    moduleRef,
    app,
    config,
    clock,
    verifier,
    dataSource,
    createUser: () => users.create(),
    async close() {
      try {
        await users.removeAll();
      } finally {
        await (app ?? moduleRef).close();
        rmSync(config.dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function serve(moduleRef: TestingModule): Promise<NestFastifyApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  app.setGlobalPrefix('v1');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
