import { DynamicModule, Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  buildDataSourceOptions,
  Clock,
  Env,
  keyedHash,
  RedisService,
  SecretKeys,
} from '@app/core';
import { TestClock, testConfig, TestUsers, User } from '@app/core/testing';
import { MailMessage, MailSender, SmsMessage, SmsSender } from '@app/notifications';
import { OtpModule } from '../otp.module';
import { OtpService } from '../otp.service';
import type { OtpDestination } from '../otp.types';

/** Keeps every message instead of sending it; fails with `failure` while one is set. */
export class RecordingMailSender extends MailSender {
  readonly provider = 'recording';
  readonly sent: MailMessage[] = [];
  failure: Error | undefined;

  async send(message: MailMessage): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(message);
  }
}

export class RecordingSmsSender extends SmsSender {
  readonly provider = 'recording';
  readonly sent: SmsMessage[] = [];
  failure: Error | undefined;

  async send(message: SmsMessage): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(message);
  }
}

/** What CoreModule and the notifications module provide globally in the service. */
@Global()
@Module({})
class OtpTestGlobals {
  static with(config: AppConfig, clock: Clock, mail: MailSender, sms: SmsSender): DynamicModule {
    const providers = [
      { provide: AppConfig, useValue: config },
      { provide: Clock, useValue: clock },
      { provide: MailSender, useValue: mail },
      { provide: SmsSender, useValue: sms },
      SecretKeys,
      RedisService,
    ];
    const exported = [AppConfig, Clock, MailSender, SmsSender, SecretKeys, RedisService];
    return { module: OtpTestGlobals, providers, exports: exported };
  }
}

export interface OtpTestContext {
  moduleRef: TestingModule;
  otp: OtpService;
  config: AppConfig;
  clock: TestClock;
  mail: RecordingMailSender;
  sms: RecordingSmsSender;
  dataSource: DataSource;
  /** A fresh address (deleted with its codes by `close`). */
  email(): OtpDestination;
  phone(): OtpDestination;
  /** The code in the last message delivered to the destination, as its recipient reads it. */
  codeSentTo(destination: OtpDestination): string;
  /** The keyed hash the codes of this destination are stored under. */
  destinationHash(destination: OtpDestination): Buffer;
  /** A fresh row in `users`; `close` deletes it (its codes cascade). */
  createUser(): Promise<string>;
  close(): Promise<void>;
}

/** OtpModule on the run's database with the globals it needs and recording senders, initialised. */
export async function createOtpTestModule(env: Env = {}): Promise<OtpTestContext> {
  const config = testConfig(env);
  const clock = new TestClock();
  const mail = new RecordingMailSender();
  const sms = new RecordingSmsSender();
  const moduleRef = await Test.createTestingModule({
    imports: [
      OtpTestGlobals.with(config, clock, mail, sms),
      TypeOrmModule.forRoot({ ...buildDataSourceOptions(config), autoLoadEntities: true, entities: [User] }),
      OtpModule,
    ],
  }).compile();
  await moduleRef.init();
  const dataSource = moduleRef.get(DataSource);
  const destinationKey = moduleRef.get(SecretKeys).key('otp-destination');
  const destinationHash = (d: OtpDestination) => keyedHash(destinationKey, d.channel, d.address);
  const destinations: Buffer[] = [];
  const users = new TestUsers(dataSource);
  const track = (destination: OtpDestination) => {
    destinations.push(destinationHash(destination));
    return destination;
  };
  return {
    moduleRef,
    otp: moduleRef.get(OtpService),
    config,
    clock,
    mail,
    sms,
    dataSource,
    email: () => track({ channel: 'email', address: `${randomUUID()}@example.test` }),
    phone: () => track({ channel: 'sms', address: `+1555${String(randomInt(10 ** 7)).padStart(7, '0')}` }),
    codeSentTo: (destination) => readCode(destination, mail, sms),
    destinationHash,
    createUser: () => users.create(),
    async close() {
      try {
        await dataSource.query('DELETE FROM one_time_codes WHERE destination_hash = ANY($1)', [destinations]);
        await users.removeAll();
      } finally {
        await moduleRef.close();
        rmSync(config.dataDir, { recursive: true, force: true });
      }
    },
  };
}

function readCode(destination: OtpDestination, mail: RecordingMailSender, sms: RecordingSmsSender): string {
  const texts =
    destination.channel === 'email'
      ? mail.sent.filter((m) => m.to === destination.address).map((m) => m.text)
      : sms.sent.filter((m) => m.to === destination.address).map((m) => m.body);
  const code = texts.at(-1)?.match(/\b(\d{6,10})\b/)?.[1];
  if (!code) throw new Error('no code was delivered to this destination');
  return code;
}
