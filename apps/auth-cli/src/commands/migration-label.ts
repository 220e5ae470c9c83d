/**
 * The file stem of a migration (`001_init`): TypeORM records it with the sequence repeated
 * as a 13-digit suffix, which it needs for ordering and operators do not.
 */
export function migrationLabel(name: string): string {
  return name.replace(/_\d{13}$/, '');
}
