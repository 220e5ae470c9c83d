import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig, CoreModule, CoreModuleOptions } from '@app/core';
import { HealthModule } from '@app/health';

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
      imports: [CoreModule.forRoot(config, core), HealthModule, ...extraModules],
    };
  }
}
