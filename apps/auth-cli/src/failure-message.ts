const REDACTED = '***';

/**
 * One line describing why a command failed, without the values listed in `secrets` (the
 * database URL and its password) even where a driver quotes them.
 */
export function failureMessage(error: unknown, secrets: ReadonlyArray<string | undefined>): string {
  let message = describe(error).split('\n')[0]!.trim() || 'unknown error';
  for (const secret of secrets) {
    if (secret) message = message.split(secret).join(REDACTED);
  }
  return message;
}

/** The database URL and its password as written and as decoded. */
export function databaseSecrets(url: string | undefined): string[] {
  if (!url) return [];
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return [url];
  }
  return password ? [url, password, decodeURIComponent(password)] : [url];
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return error.errors.map(describe).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return error.message || code || error.name;
  }
  return String(error);
}
