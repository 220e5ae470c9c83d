import { ConfigError } from './config.error';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Typed accessors over an environment record. Every failure names the variable, so the
 * process can stop with one line an operator understands.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

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
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
      return this.fail(`${name} must be a whole number ${range} (got "${value}")`, fallback);
    }
    return Number(value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return this.fail(`${name} must be true or false (got "${value}")`, fallback);
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      return this.fail(`${name} must be one of ${choices.join(', ')} (got "${value}")`, fallback);
    }
    return value as T;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.fail(`${name} must be a URL (${protocols.join(' or ')})`, undefined);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      return this.fail(`${name} must use ${protocols.join(' or ')}:// (got ${parsed.protocol}//)`, undefined);
    }
    return value;
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
      throw new ConfigError(`Invalid configuration: ${this.problems.join('; ')}`);
    }
  }
}
