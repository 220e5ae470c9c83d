import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Aal } from '@app/core';
import { User } from '@app/users';

/**
 * One sign-in, mapped onto the `sessions` table of migrations/001_init.sql (the SQL is the source
 * of truth; names of constraints and indexes are repeated here so that the two can be compared).
 */
@Entity({ name: 'sessions' })
@Index('sessions_user_active_idx', ['userId', 'createdAt'], { where: 'revoked_at IS NULL' })
@Index('sessions_revoked_at_idx', ['revokedAt'], { where: 'revoked_at IS NOT NULL' })
@Check('sessions_aal_valid', `aal IN ('aal1', 'aal2')`)
@Check('sessions_user_agent_length', `user_agent IS NULL OR length(user_agent) <= 512`)
export class Session {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'sessions_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_id_fkey' })
  user?: User;

  @Column({ name: 'aal', type: 'text', default: 'aal1' })
  aal!: Aal;

  @Column({ name: 'amr', type: 'text', array: true, default: [] })
  amr!: string[];

  @Column({ name: 'ip', type: 'inet', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', default: () => 'now()' })
  lastUsedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason!: string | null;
}
