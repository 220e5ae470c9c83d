/**
 * Every kind of event the audit log records. The first eighteen are the contract's list
 * (API.md); the list only grows, because stored events keep their type forever.
 */
export const AUDIT_EVENT_TYPES = [
  'user.registered',
  'login.succeeded',
  'login.failed',
  'logout',
  'token.refreshed',
  'token.reuse_detected',
  'otp.sent',
  'otp.verified',
  'otp.failed',
  'mfa.enrolled',
  'mfa.disabled',
  'mfa.verified',
  'mfa.failed',
  'password.changed',
  'password.reset',
  'session.revoked',
  'email.verified',
  'phone.verified',
  'mfa.recovery_codes_regenerated',
  'oauth.linked',
  'oauth.unlinked',
  'email.changed',
  'phone.changed',
  'user.deleted',
  'admin.user_created',
  'admin.user_updated',
  'admin.user_disabled',
  'admin.user_enabled',
  'admin.user_deleted',
  'admin.sessions_revoked',
  'admin.mfa_reset',
  'passkey.added',
  'passkey.renamed',
  'passkey.removed',
  'passkey.clone_suspected',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
