import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule, CoreModuleOptions } from '@app/core';
import { HealthModule } from '@app/health';

/** Composition root: the infrastructure and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, options), HealthModule],
    };
  }
}
