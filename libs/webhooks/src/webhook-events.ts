import type { WebhookEventType } from '@app/core';

/** What the audit log records about an account, the one source of webhook events. */
export interface AccountEvent {
  type: string;
  userId: string | null;
  metadata: Record<string, unknown>;
  /** The account's email, when the account is gone by the time the event is stored (a deletion). */
  email?: string;
}

/** An event to send: its `type` and the `data` besides `user_id` and `email` (added when stored). */
export interface WebhookEvent {
  type: WebhookEventType;
  userId: string;
  data: Record<string, unknown>;
}

type Data = Record<string, unknown>;
type Rule = (metadata: Record<string, unknown>) => Array<[WebhookEventType, Data] | undefined>;

/** Details worth a receiver's while; anything else in the metadata stays in the audit log. */
const SAFE_KEYS = [
  'actor',
  'method',
  'first_factor',
  'second_factor',
  'scope',
  'session_id',
  'sessions_revoked',
  'channel',
  'factor_id',
  'changed',
  'reason',
  'locked_seconds',
  'disabled_reason',
  'provider',
];

const revoked = (reason: string, m: Data): [WebhookEventType, Data] | undefined =>
  Number(m.sessions_revoked ?? 1) > 0 ? ['session.revoked', { ...m, reason }] : undefined;

/**
 * Audit event type to webhook events: the one place that says which account changes a receiver
 * hears about. Events of other modules join by their audit type, whatever flow records them.
 */
const RULES: Record<string, Rule> = {
  'user.registered': (m) => [['user.created', {}], m.session_id ? ['session.created', m] : undefined],
  'admin.user_created': (m) => [['user.created', m]],
  'login.succeeded': (m) => [m.session_id ? ['session.created', m] : undefined],
  'mfa.verified': (m) => [m.session_id ? ['session.created', { ...m, second_factor: m.method }] : undefined],
  'login.failed': (m) => [m.account_locked === true ? ['security.account_locked', m] : undefined],
  'mfa.failed': (m) => [m.account_locked === true ? ['security.account_locked', m] : undefined],
  logout: (m) => [revoked('logout', m)],
  'session.revoked': (m) => [revoked('revoked_by_user', m)],
  'admin.sessions_revoked': (m) => [revoked('admin', m)],
  'token.reuse_detected': (m) => [['security.refresh_token_reused', m], revoked('refresh_token_reused', m)],
  'password.changed': (m) => [['password.changed', { method: 'change' }], revoked('password_changed', m)],
  'password.reset': (m) => [
    ['password.changed', { method: 'reset', channel: m.channel }],
    revoked('password_reset', m),
  ],
  'mfa.enrolled': (m) => [['mfa.enabled', m], revoked('mfa_enabled', m)],
  'mfa.disabled': (m) => [['mfa.disabled', m], revoked('mfa_disabled', m)],
  'admin.mfa_reset': (m) => [['mfa.disabled', m], revoked('admin', m)],
  'email.verified': () => [['email.verified', {}]],
  'email.changed': () => [['user.updated', { changed: ['email'] }]],
  'phone.changed': () => [['user.updated', { changed: ['phone'] }]],
  // `changed`, as for a holder's own change; the audit event names them `fields`.
  'admin.user_updated': ({ fields, ...m }) => [['user.updated', { ...m, changed: fields }]],
  'admin.user_disabled': (m) => [['user.disabled', m]],
  'admin.user_enabled': (m) => [['user.enabled', m]],
  'admin.user_deleted': (m) => [['user.deleted', m]],
  'user.deleted': (m) => [['user.deleted', m]],
};

/** Whether events of this audit type can stand for webhook events (whatever their metadata). */
export function mayHaveWebhookEvents(type: string): boolean {
  return Object.hasOwn(RULES, type);
}

/** The webhook events an audit event stands for; none for events without an account. */
export function webhookEventsFor(event: AccountEvent): WebhookEvent[] {
  const rule = RULES[event.type];
  const userId = event.userId ?? stringOrUndefined(event.metadata.user_id);
  if (!rule || !userId) return [];
  return rule(event.metadata)
    .filter((entry): entry is [WebhookEventType, Data] => entry !== undefined)
    .map(([type, data]) => ({ type, userId, data: safeDetails(data) }));
}

function safeDetails(data: Data): Data {
  const details: Data = {};
  for (const key of SAFE_KEYS) {
    const value = data[key];
    if (isPlain(value)) details[key] = value;
  }
  return details;
}

function isPlain(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
