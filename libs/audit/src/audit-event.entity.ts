import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditEventType } from './audit-event-type';

/**
 * One row of `audit_events`, mapped onto migrations/001_init.sql and 003 (the SQL is the source of truth;
 * names of constraints and indexes are repeated here so that the two can be compared).
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_user_created_idx', ['userId', 'createdAt', 'id'])
@Index('audit_events_created_idx', ['createdAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'audit_events_pkey' })
  id!: string;

  /**
   * The account concerned. No foreign key (migrations/003_account_lifecycle.sql): the event that
   * records an account's deletion outlives the account.
   */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'type', type: 'text' })
  type!: AuditEventType;

  /** Postgres `inet`; the driver reads and writes it as text. */
  @Column({ name: 'ip', type: 'inet', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'metadata', type: 'jsonb', default: {} })
  metadata!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
