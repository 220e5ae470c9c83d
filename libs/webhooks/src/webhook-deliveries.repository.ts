import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KeysetPosition } from '@app/core';
import type { DeliveryStatus } from './webhook-delivery.entity';

/** An event as the outbox stores it, once per receiver. */
export interface OutboxEvent {
  event_id: string;
  type: string;
  user_id: string;
  email: string | null;
  data: Record<string, unknown>;
}

/** A delivery an instance has claimed for one attempt. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  url: string;
  payload: string;
  /** This attempt's number, from 1. */
  attempts: number;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  type: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  position: string;
}

export type AttemptResult =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'retry'; statusCode: number | null; error: string; delayMs: number }
  | { kind: 'failed'; statusCode: number | null; error: string };

const POSITION = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `webhook_deliveries`: the outbox, the claims of its attempts, and the admin's view of it. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per event and receiver, in the caller's transaction. The body is built here so that
   * the account's email comes from the same snapshot as the change, in the order `type`,
   * `timestamp`, `data` (a jsonb object would sort its keys).
   */
  async insert(
    manager: EntityManager | undefined,
    events: OutboxEvent[],
    urls: string[],
    at: Date,
  ): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO webhook_deliveries (event_id, type, url, payload)
       SELECT e.event_id, e.type, u.url,
              '{"type":' || to_json(e.type) || ',"timestamp":' || to_json($3::text) || ',"data":'
              || (jsonb_build_object('user_id', e.user_id)
                  || jsonb_strip_nulls(jsonb_build_object('email',
                       coalesce(e.email, (SELECT email FROM users WHERE id = e.user_id::uuid))))
                  || e.data)::text
              || '}'
         FROM jsonb_to_recordset($1::jsonb) AS e(event_id text, type text, user_id text, email text, data jsonb)
        CROSS JOIN unnest($2::text[]) AS u(url)`,
      [JSON.stringify(events), urls, at.toISOString()],
    );
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each. The attempt is counted and the row
   * pushed `leaseMs` into the future in the claiming statement, so no other instance takes it
   * while it runs, and one whose instance died is taken again once the lease has passed. (In a
   * CTE because TypeORM answers a bare UPDATE with a row count beside the rows.)
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query<ClaimedDelivery[]>(
      `WITH claimed AS (
         UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1,
                next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
           FROM (SELECT id FROM webhook_deliveries
                  WHERE status = 'pending' AND next_attempt_at <= now()
                  ORDER BY next_attempt_at
                  LIMIT $1
                  FOR UPDATE SKIP LOCKED) due
          WHERE d.id = due.id
        RETURNING d.id, d.event_id, d.url, d.payload, d.attempts
       )
       SELECT * FROM claimed`,
      [limit, leaseMs],
    );
  }

  /** Records an attempt's outcome, unless the claim lapsed and another instance took the row since. */
  async finish(claim: ClaimedDelivery, result: AttemptResult): Promise<void> {
    const status = result.kind === 'retry' ? 'pending' : result.kind;
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = $3,
              last_status_code = $4,
              last_error = $5,
              next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + make_interval(secs => $6::float8 / 1000)
                                     ELSE next_attempt_at END,
              delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE NULL END
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [
        claim.id,
        claim.attempts,
        status,
        result.statusCode,
        result.kind === 'delivered' ? null : result.error,
        result.kind === 'retry' ? result.delayMs : 0,
      ],
    );
  }

  /** Hands an attempt that was cut short by shutdown back at once, uncounted. */
  async release(claim: ClaimedDelivery): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [claim.id, claim.attempts],
    );
  }

  async countPending(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return row?.n ?? 0;
  }

  /** Newest first, strictly older than `after`; `status` and `type` narrow it. */
  page(
    filter: { status?: DeliveryStatus; type?: string },
    limit: number,
    after?: KeysetPosition,
  ): Promise<DeliveryRow[]> {
    const params: unknown[] = [limit, filter.status ?? null, filter.type ?? null];
    let keyset = '';
    if (after) {
      params.push(after.createdAt, after.id);
      keyset = 'AND (created_at, id) < ($4::timestamptz, $5::uuid)';
    }
    return this.dataSource.query<DeliveryRow[]>(
      `SELECT id, event_id, type, url, status, attempts, last_status_code, last_error,
              next_attempt_at, created_at, delivered_at, ${POSITION} AS position
         FROM webhook_deliveries
        WHERE ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR type = $3) ${keyset}
        ORDER BY created_at DESC, id DESC
        LIMIT $1`,
      params,
    );
  }

  /**
   * Queues a failed delivery again, due now and with a full schedule ahead; says what the row was,
   * if there is one. (A data-modifying CTE runs whether or not the outer query reads it.)
   */
  async retryFailed(id: string): Promise<DeliveryStatus | undefined> {
    const rows = await this.dataSource.query<Array<{ status: DeliveryStatus }>>(
      `WITH target AS (SELECT id, status FROM webhook_deliveries WHERE id = $1 FOR UPDATE),
            retried AS (
              UPDATE webhook_deliveries d
                 SET status = 'pending', attempts = 0, next_attempt_at = now()
                FROM target WHERE d.id = target.id AND target.status = 'failed'
              RETURNING d.id)
       SELECT status FROM target`,
      [id],
    );
    return rows[0]?.status;
  }

  /**
   * Deletes up to `batchSize` finished deliveries created before `cutoff`; pending ones stay
   * whatever their age. `SKIP LOCKED` for replicas purging at once, as for audit events.
   */
  async deleteFinishedBefore(cutoff: Date, batchSize: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ deleted: number }>>(
      `WITH doomed AS (
         SELECT id FROM webhook_deliveries
          WHERE created_at < $1 AND status <> 'pending'
          ORDER BY created_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM webhook_deliveries d USING doomed WHERE d.id = doomed.id RETURNING 1
       )
       SELECT count(*)::int AS deleted FROM gone`,
      [cutoff, batchSize],
    );
    return row?.deleted ?? 0;
  }
}
