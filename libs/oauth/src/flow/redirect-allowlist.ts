const MAX_LENGTH = 2048;
/** Whitespace, controls and backslashes: what URL parsers drop or rewrite in ways people misjudge. */
const SUSPICIOUS = /[\s\p{Cc}\\]/u;

type Rule = { exact: string } | { origin: string };

/**
 * `OAUTH_REDIRECT_ALLOWLIST`: exact URLs, or an origin followed by `/*`. A candidate is compared
 * after parsing, by its normalised form and origin (scheme, host and port), never as a string
 * prefix, so that `https://good@evil`, `//evil`, `https:\\evil` and a changed port or scheme never
 * pass.
 */
export class RedirectAllowlist {
  private readonly rules: Rule[];

  constructor(entries: readonly string[]) {
    this.rules = entries.map((entry) =>
      entry.endsWith('/*') ? { origin: new URL(entry.slice(0, -2)).origin } : { exact: new URL(entry).href },
    );
  }

  /** The parsed URL when `candidate` is allowed, else undefined. */
  check(candidate: string): URL | undefined {
    if (candidate.length > MAX_LENGTH || SUSPICIOUS.test(candidate)) return undefined;
    if (!/^https?:\/\/[^/]/i.test(candidate)) return undefined;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return undefined;
    }
    if (url.username !== '' || url.password !== '' || url.hash !== '' || candidate.includes('#'))
      return undefined;
    const allowed = this.rules.some((rule) =>
      'exact' in rule ? rule.exact === url.href : rule.origin === url.origin,
    );
    return allowed ? url : undefined;
  }
}
