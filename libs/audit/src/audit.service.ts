import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import type { EntityManager } from 'typeorm';
import { ClientInfo, redactSecrets } from '@app/core';
import { mayHaveWebhookEvents, WebhookOutbox } from '@app/webhooks';
import { decodeActivityCursor, encodeActivityCursor } from './activity-cursor';
import type { AuditEventType } from './audit-event-type';
import {
  AuditEventRepository,
  AuditSearch,
  PreparedAuditEvent,
  StoredAuditEvent,
} from './audit-event.repository';
import { DEFAULT_ACTIVITY_LIMIT, MAX_ACTIVITY_LIMIT } from './dto/activity-list-query.dto';
import type { ActivityPageDto, AuditEventDto } from './dto/activity-page.dto';

export interface RecordAuditEventOptions {
  /** The account concerned; null for events with no known account (a login for an unknown email). */
  userId?: string | null;
  client: ClientInfo;
  /** Non-secret details; secret-named fields are redacted anyway. */
  metadata?: Record<string, unknown>;
  /**
   * The caller's transaction, when the event belongs to it (e.g. a user created in the same
   * transaction: outside it, the foreign key would wait for a row that is not committed yet).
   */
  manager?: EntityManager;
  /**
   * The account's email for its webhook events, when the account is deleted in the same
   * transaction (they could not read it). Never stored in the audit log.
   */
  webhookEmail?: string;
}

export interface ActivityListOptions {
  limit?: number;
  /** A `next_cursor` of an earlier page. */
  cursor?: string;
}

const MAX_USER_AGENT = 512;

/** Writes the audit log and reads it back for the account owner. */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /**
   * Stores one event, and the webhook events it stands for, in the caller's transaction when
   * there is one. Errors propagate: an action whose audit record cannot be written fails (503
   * when Postgres is away) rather than happening unrecorded.
   */
  async record(type: AuditEventType, options: RecordAuditEventOptions): Promise<void> {
    const userId = options.userId ?? null;
    const event = storable(type, options);
    await this.events.insert({ ...event, userId }, options.manager);
    const { webhookEmail: email } = options;
    await this.webhooks.record({ type, userId, metadata: event.metadata, email }, options.manager);
  }

  /**
   * The event as `record` would store it, for a statement that inserts it with its own work
   * (`auditInsertFrom`). Only for types that no webhook event stands for: the others need
   * `record`, which also writes the webhook outbox.
   */
  prepare(
    type: AuditEventType,
    options: Pick<RecordAuditEventOptions, 'client' | 'metadata'>,
  ): PreparedAuditEvent {
    if (mayHaveWebhookEvents(type)) throw new Error(`${type} events may have webhook events: use record()`);
    return storable(type, options);
  }

  /** Events across users (for operators), newest first, `limit` (1 to 100) at a time. */
  async search(query: AuditQuery): Promise<{ events: AuditEventWithUserDto[]; next_cursor: string | null }> {
    const limit = pageSize(query.limit);
    const after = query.cursor === undefined ? undefined : decodeActivityCursor(query.cursor);
    const rows = await this.events.search({ ...query, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map((row) => ({ ...toDto(row), user_id: row.user_id })),
      next_cursor:
        rows.length > limit && last ? encodeActivityCursor({ createdAt: last.position, id: last.id }) : null,
    };
  }

  /** Deletes the user's events, in the caller's transaction (an account's deletion). */
  deleteForUser(userId: string, manager: EntityManager): Promise<void> {
    return this.events.deleteForUser(userId, manager);
  }

  /** The user's own events, newest first, `limit` (1 to 100) at a time. */
  async listForUser(userId: string, options: ActivityListOptions = {}): Promise<ActivityPageDto> {
    const limit = pageSize(options.limit);
    const after = options.cursor === undefined ? undefined : decodeActivityCursor(options.cursor);
    const rows = await this.events.pageForUser(userId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map(toDto),
      next_cursor:
        rows.length > limit && last ? encodeActivityCursor({ createdAt: last.position, id: last.id }) : null,
    };
  }
}

export type AuditQuery = Omit<AuditSearch, 'after' | 'limit'> & ActivityListOptions;

/** An event of any user, as the operators' audit query lists it. */
export type AuditEventWithUserDto = AuditEventDto & { user_id: string | null };

/** The controller validates the limit; other callers get it clamped to what the endpoint allows. */
function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_ACTIVITY_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_ACTIVITY_LIMIT);
}

function toDto(row: StoredAuditEvent): AuditEventDto {
  return {
    id: row.id,
    type: row.type,
    ip: row.ip,
    user_agent: row.user_agent,
    created_at: row.created_at.toISOString(),
    metadata: row.metadata,
  };
}

/** What is stored of an event: secret-named metadata redacted, the client's details made storable. */
function storable(
  type: AuditEventType,
  options: Pick<RecordAuditEventOptions, 'client' | 'metadata'>,
): PreparedAuditEvent {
  const { client } = options;
  return {
    type,
    ip: storableIp(client.ip),
    userAgent: client.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    requestId: client.requestId || null,
    metadata: redactSecrets(options.metadata ?? {}) as Record<string, unknown>,
  };
}

/** `inet` refuses IPv6 zone ids and anything that is not an address; those are stored as null. */
function storableIp(ip: string | undefined): string | null {
  const bare = ip?.replace(/%.*$/, '');
  return bare && isIP(bare) !== 0 ? bare : null;
}
