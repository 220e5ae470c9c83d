/**
 * A receiver URL as the admin API shows it: credentials that an operator put in `WEBHOOK_URLS`
 * (`https://user:secret@host/...`) are secrets, so the userinfo is replaced by `***`.
 */
export function displayedReceiverUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password) return parsed.href;
  parsed.username = '***';
  parsed.password = '';
  return parsed.href;
}
