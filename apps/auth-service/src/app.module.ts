import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig, CoreModule, CoreModuleOptions } from '@app/core';
import { AccountsModule } from '@app/accounts';
import { AdminModule } from '@app/admin';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { HealthModule } from '@app/health';
import { NotificationsModule } from '@app/notifications';
import { TokensModule } from '@app/tokens';
import { UsersModule } from '@app/users';
import { WebhookAdminModule } from '@app/webhooks';

export interface AppOptions extends CoreModuleOptions {
  /** Modules mounted beside the features (the end-to-end tests add probe routes this way). */
  extraModules?: Array<Type | DynamicModule>;
}

/** Composition root: the infrastructure and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, { extraModules = [], ...core }: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, core),
        HealthModule,
        NotificationsModule.forRoot(config),
        AuditModule,
        UsersModule,
        TokensModule,
        AuthModule,
        AccountsModule,
        AdminModule,
        WebhookAdminModule,
        ...extraModules,
      ],
    };
  }
}
