import { DynamicModule, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountAdministration, AccountDeletion, AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { AdminActor, AppConfig, ClientInfo, CoreModule } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { TokensModule } from '@app/tokens';
import { User, UsersModule, UsersService } from '@app/users';

/** The actor the audit trail names for changes made from the command line. */
export const CLI_ACTOR: AdminActor = { name: 'cli' };
export const CLI_CLIENT: ClientInfo = { ip: '', userAgent: 'auth-cli', requestId: '' };

/** The service's modules without HTTP: the commands run on the very services the API uses. */
@Module({})
class AccountsContextModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AccountsContextModule,
      imports: [
        // The commands print their own results; the service's JSON log lines would bury them.
        CoreModule.forRoot(config, { logStream: { write: () => undefined } }),
        NotificationsModule.forRoot(config),
        AuditModule,
        UsersModule,
        TokensModule,
        AccountsModule,
      ],
    };
  }
}

export interface AccountServices {
  administration: AccountAdministration;
  deletion: AccountDeletion;
  /** The account named by its id or its email, or an error naming what was given. */
  find: (idOrEmail: string) => Promise<User>;
}

/** Starts the account services on first use and stops them when the command ends. */
@Injectable()
export class CliAccounts implements OnApplicationShutdown {
  private context: Promise<INestApplicationContext> | undefined;

  constructor(private readonly config: AppConfig) {}

  async services(): Promise<AccountServices> {
    this.context ??= NestFactory.createApplicationContext(AccountsContextModule.forRoot(this.config), {
      logger: false,
      abortOnError: false,
    });
    const context = await this.context;
    const users = context.get(UsersService);
    return {
      administration: context.get(AccountAdministration),
      deletion: context.get(AccountDeletion),
      find: async (idOrEmail) => {
        const user = idOrEmail.includes('@')
          ? await users.findByEmail(idOrEmail.trim().normalize('NFKC').toLowerCase())
          : await users.findById(idOrEmail);
        if (!user) throw new Error(`no user has the id or email ${JSON.stringify(idOrEmail)}`);
        return user;
      },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const context = await this.context?.catch(() => undefined);
    this.context = undefined;
    await context?.close();
  }
}
