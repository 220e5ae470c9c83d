import type { Type } from '@nestjs/common';
import { findMigrationsDir } from '@app/core';
import { ENTITIES } from './entities';

/** What the schema is made of: the SQL migrations folder and the entity classes. */
export abstract class CliSettings {
  /** Read by `migrate*` and written by `migrate:generate`. */
  abstract readonly migrationsDir: string;
  abstract readonly entities: ReadonlyArray<Type<object>>;
}

export function defaultCliSettings(): CliSettings {
  return { migrationsDir: findMigrationsDir(), entities: ENTITIES };
}
