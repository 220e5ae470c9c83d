import { EnvReader, shown } from './env-reader';

/** One entry of `ADMIN_API_KEYS`: the key, and the name recorded as the actor of its calls. */
export interface AdminApiKey {
  name: string;
  key: string;
}

export const ADMIN_KEY_MIN_LENGTH = 32;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** What `Authorization: Bearer` can carry (RFC 6750), or the key could never be presented. */
const KEY = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Whether `name` can name a key of ADMIN_API_KEYS. */
export function isAdminKeyName(name: string): boolean {
  return NAME.test(name);
}

/**
 * `ADMIN_API_KEYS`: a comma list of `name:key`, read once. Unset, the admin API is off. Messages
 * name the entry by its name or position and never repeat a key.
 */
export function readAdminApiKeys(r: EnvReader): AdminApiKey[] {
  const entries = r.list('ADMIN_API_KEYS');
  const keys: AdminApiKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = parseEntry(r, entry, index + 1);
    if (!parsed) return [];
    keys.push(parsed);
  }
  const names = keys.map((k) => k.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    return r.fail(`ADMIN_API_KEYS names must be unique (${shown(repeated)} appears more than once)`, []);
  }
  if (new Set(keys.map((k) => k.key)).size !== keys.length) {
    return r.fail('ADMIN_API_KEYS must give each name its own key (two names share one)', []);
  }
  return keys;
}

function parseEntry(r: EnvReader, entry: string, position: number): AdminApiKey | undefined {
  const colon = entry.indexOf(':');
  if (colon < 0) {
    return r.fail(
      `ADMIN_API_KEYS must be a comma list of name:key (entry ${position} has no name)`,
      undefined,
    );
  }
  const name = entry.slice(0, colon).trim();
  const key = entry.slice(colon + 1).trim();
  if (!isAdminKeyName(name)) {
    return r.fail(
      `ADMIN_API_KEYS entry ${position} needs a name of 1 to 64 letters, digits, "_", "." or "-" before the ":"`,
      undefined,
    );
  }
  if (key.length < ADMIN_KEY_MIN_LENGTH) {
    return r.fail(
      `ADMIN_API_KEYS key ${shown(name)} must be at least ${ADMIN_KEY_MIN_LENGTH} characters (e.g. from \`npm run cli -- admin-key:generate\`)`,
      undefined,
    );
  }
  if (!KEY.test(key)) {
    return r.fail(
      `ADMIN_API_KEYS key ${shown(name)} must use only letters, digits and -._~+/ (it is sent as a bearer token)`,
      undefined,
    );
  }
  return { name, key };
}
