import { mayHaveWebhookEvents, webhookEventsFor } from './webhook-events';

const USER = '5f0c3d1e-2b4a-4c6d-8e9f-0a1b2c3d4e5f';
const types = (type: string, metadata: Record<string, unknown> = {}, userId: string | null = USER) =>
  webhookEventsFor({ type, userId, metadata }).map((e) => e.type);

describe('webhookEventsFor', () => {
  it('maps the account flows of the audit log onto the contract types', () => {
    expect(types('user.registered', { session_id: 's1' })).toEqual(['user.created', 'session.created']);
    expect(types('user.registered', { session_id: null })).toEqual(['user.created']);
    expect(types('login.succeeded', { session_id: 's1' })).toEqual(['session.created']);
    expect(types('login.succeeded', { mfa_required: true })).toEqual([]);
    expect(types('token.reuse_detected', { session_id: 's1' })).toEqual([
      'security.refresh_token_reused',
      'session.revoked',
    ]);
    expect(types('password.changed', { sessions_revoked: 0 })).toEqual(['password.changed']);
    expect(types('password.reset', { sessions_revoked: 2 })).toEqual(['password.changed', 'session.revoked']);
    expect(types('login.failed', { reason: 'wrong_password' })).toEqual([]);
    expect(types('login.failed', { account_locked: true })).toEqual(['security.account_locked']);
    expect(types('token.refreshed')).toEqual([]);
  });

  it('maps the admin and lifecycle events by their audit type', () => {
    expect(types('admin.user_created', { actor: 'ops' })).toEqual(['user.created']);
    expect(types('admin.user_updated', { fields: ['display_name'] })).toEqual(['user.updated']);
    expect(types('admin.user_disabled')).toEqual(['user.disabled']);
    expect(types('admin.user_enabled')).toEqual(['user.enabled']);
    expect(types('admin.user_deleted')).toEqual(['user.deleted']);
    expect(types('user.deleted')).toEqual(['user.deleted']);
    expect(types('admin.mfa_reset', { sessions_revoked: 1 })).toEqual(['mfa.disabled', 'session.revoked']);
    expect(types('email.changed')).toEqual(['user.updated']);
  });

  it('tells which audit types can never stand for a webhook event', () => {
    expect(mayHaveWebhookEvents('token.refreshed')).toBe(false);
    expect(mayHaveWebhookEvents('otp.sent')).toBe(false);
    expect(mayHaveWebhookEvents('login.failed')).toBe(true);
    expect(mayHaveWebhookEvents('constructor')).toBe(false);
  });

  it('takes the account from the metadata of an event recorded without one (a deleted account)', () => {
    const [event] = webhookEventsFor({ type: 'user.deleted', userId: null, metadata: { user_id: USER } });
    expect(event).toEqual({ type: 'user.deleted', userId: USER, data: {} });
    expect(types('login.failed', { account_locked: true }, null)).toEqual([]);
  });

  it('keeps only plain, known details: nothing secret-named, nested or unknown', () => {
    const [event] = webhookEventsFor({
      type: 'admin.user_updated',
      userId: USER,
      metadata: {
        actor: 'ops',
        fields: ['password', 'email'],
        password: 'hunter2hunter2',
        token: 'abc',
        nested: { secret: 'x' },
        reason: [{ no: 'objects' }],
      },
    });
    expect(event!.data).toEqual({ actor: 'ops', changed: ['password', 'email'] });
  });
});
