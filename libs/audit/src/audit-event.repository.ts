import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { ActivityPosition } from './activity-cursor';
import { AuditEvent } from './audit-event.entity';

export type NewAuditEvent = Pick<
  AuditEvent,
  'userId' | 'type' | 'ip' | 'userAgent' | 'requestId' | 'metadata'
>;

/** An event as `record` stores it, but for its account, which a statement that writes it supplies. */
export type PreparedAuditEvent = Omit<NewAuditEvent, 'userId'>;

/**
 * The body of a CTE that inserts `event` once for each row of `source.from`, so that a statement
 * of another module writes its audit row with its own work, atomically and in one round trip:
 * the row gives the account (`source.userId`) and details (`source.metadata`, a jsonb expression
 * merged over the event's metadata). Appends its parameters to `params`.
 */
export function auditInsertFrom(
  event: PreparedAuditEvent,
  source: { from: string; userId: string; metadata: string },
  params: unknown[],
): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  return `INSERT INTO audit_events (user_id, type, ip, user_agent, request_id, metadata)
     SELECT ${source.userId}, ${param(event.type)}::text, ${param(event.ip)}::inet,
            ${param(event.userAgent)}::text, ${param(event.requestId)}::text,
            ${param(JSON.stringify(event.metadata))}::jsonb || ${source.metadata}
       FROM ${source.from}`;
}

/** An event as a page of activity lists it, with its exact position for the next cursor. */
export interface StoredAuditEvent {
  id: string;
  type: string;
  ip: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  position: string;
}

/** What the operators' audit query filters on; every part optional. */
export interface AuditSearch {
  userId?: string;
  /** One event type, or a prefix ending in `.` (`login.`). */
  type?: string;
  since?: Date;
  until?: Date;
  limit: number;
  after?: ActivityPosition;
}

/** Microsecond ISO text of `created_at`, the precision the keyset comparison needs. */
const POSITION = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

@Injectable()
export class AuditEventRepository {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /**
   * Inserts one event, inside the caller's transaction when a manager is given. Plain SQL: every
   * sign-in, refresh and code writes one, and nothing generated needs reading back.
   */
  async insert(event: NewAuditEvent, manager?: EntityManager): Promise<void> {
    await (manager ?? this.events.manager).query(
      `INSERT INTO audit_events (user_id, type, ip, user_agent, request_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.userId, event.type, event.ip, event.userAgent, event.requestId, JSON.stringify(event.metadata)],
    );
  }

  /**
   * The user's events strictly older than `after` in (created_at, id) order, newest first. The
   * order and the row comparison match `audit_events_user_created_idx`.
   */
  async pageForUser(userId: string, limit: number, after?: ActivityPosition): Promise<StoredAuditEvent[]> {
    const params: unknown[] = [userId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdAt, after.id);
      keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    return this.events.query<StoredAuditEvent[]>(
      `SELECT id, type, host(ip) AS ip, user_agent, metadata, created_at, ${POSITION} AS position
         FROM audit_events
        WHERE user_id = $1 ${keyset}
        ORDER BY created_at DESC, id DESC
        LIMIT $2`,
      params,
    );
  }

  /** Events of every user, newest first, in (created_at, id) keyset order, with their user id. */
  async search(search: AuditSearch): Promise<Array<StoredAuditEvent & { user_id: string | null }>> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (search.userId !== undefined) where.push(`user_id = ${param(search.userId)}::uuid`);
    if (search.type?.endsWith('.')) where.push(`starts_with(type, ${param(search.type)})`);
    else if (search.type !== undefined) where.push(`type = ${param(search.type)}`);
    if (search.since) where.push(`created_at >= ${param(search.since)}`);
    if (search.until) where.push(`created_at < ${param(search.until)}`);
    if (search.after) {
      where.push(
        `(created_at, id) < (${param(search.after.createdAt)}::timestamptz, ${param(search.after.id)}::uuid)`,
      );
    }
    return this.events.query(
      `SELECT id, user_id, type, host(ip) AS ip, user_agent, metadata, created_at, ${POSITION} AS position
         FROM audit_events
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT ${param(search.limit)}`,
      params,
    );
  }

  /** Deletes the user's events (they hold its addresses and devices), in the caller's transaction. */
  async deleteForUser(userId: string, manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM audit_events WHERE user_id = $1', [userId]);
  }

  /**
   * Deletes up to `batchSize` events older than `cutoff` in one statement and says how many.
   * `SKIP LOCKED` lets replicas purging at the same moment take disjoint rows instead of
   * waiting on (or deadlocking with) each other.
   */
  async deleteOlderThan(cutoff: Date, batchSize: number): Promise<number> {
    const [row] = await this.events.query<Array<{ deleted: number }>>(
      `WITH doomed AS (
         SELECT id FROM audit_events
          WHERE created_at < $1
          ORDER BY created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM audit_events e USING doomed WHERE e.id = doomed.id RETURNING 1
       )
       SELECT count(*)::int AS deleted FROM gone`,
      [cutoff, batchSize],
    );
    return row?.deleted ?? 0;
  }
}
