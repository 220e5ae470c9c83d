import { ConfigError } from './config.error';

export type Env = Readonly<Record<string, string | undefined>>;

const LONGEST_SHOWN_VALUE = 64;

/**
 * How an operator's value appears in a message: quoted, with control characters and line
 * separators escaped so that the message stays on one line, and cut when long. Never used for
 * secrets or URLs (which may carry credentials).
 */
export function shown(value: string): string {
  const cut = value.length > LONGEST_SHOWN_VALUE ? `${value.slice(0, LONGEST_SHOWN_VALUE)}...` : value;
  return JSON.stringify(cut)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Typed accessors over an environment record. Every failure names the variable, so the
 * process can stop with one line an operator understands.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value; unset and blank are the same thing. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
      return this.fail(`${name} must be a whole number ${range} (got ${shown(value)})`, fallback);
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    return this.fail(`${name} must be true or false (got ${shown(value)})`, fallback);
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      return this.fail(`${name} must be one of ${choices.join(', ')} (got ${shown(value)})`, fallback);
    }
    return value as T;
  }

  /** A comma-separated list, blanks dropped. */
  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /**
   * A URL with one of the given schemes and a host (for Postgres, `?host=` naming a socket
   * directory will do). The value itself is never repeated: it may carry a password.
   */
  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const expected = `${protocols.map((p) => `${p}://`).join(' or ')} URL with a host`;
    let parsed: URL | undefined;
    try {
      parsed = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    const fits =
      parsed !== undefined &&
      protocols.includes(parsed.protocol.replace(/:$/, '')) &&
      (parsed.hostname !== '' || parsed.searchParams.has('host'));
    return fits ? value : this.fail(`${name} must be a ${expected}`, undefined);
  }

  /** Records a problem and returns the fallback so that every problem is reported at once. */
  fail<T>(message: string, fallback: T): T {
    this.problems.push(message);
    return fallback;
  }

  require(condition: boolean, message: string): void {
    if (!condition) this.problems.push(message);
  }

  /** Throws one `ConfigError` whose single line lists every problem found. */
  assertValid(): void {
    if (this.problems.length > 0) {
      const line = this.problems.join('; ').replace(/[\r\n\u2028\u2029]+/g, ' ');
      throw new ConfigError(`Invalid configuration: ${line}`);
    }
  }
}
