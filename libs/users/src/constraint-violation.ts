import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';

/**
 * The name of the unique or check constraint a failed statement violated, or undefined for
 * any other error. The database is the judge of uniqueness: a prior SELECT would race.
 */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown } | undefined;
  if (driverError?.code !== UNIQUE_VIOLATION && driverError?.code !== CHECK_VIOLATION) return undefined;
  return typeof driverError.constraint === 'string' ? driverError.constraint : undefined;
}
