import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@app/users';

export type FactorStatus = 'pending' | 'active';

/** `bigint` comes back from pg as a string; time steps fit a JavaScript number for ages. */
const stepColumn = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A user's TOTP authenticator, mapped onto the `mfa_factors` table of migrations/001_init.sql (the
 * SQL is the source of truth; names of constraints and indexes are repeated here so that the two
 * can be compared). A user has at most one pending and one active factor.
 */
@Entity({ name: 'mfa_factors' })
@Check('mfa_factors_type_valid', `type IN ('totp')`)
@Check('mfa_factors_status_valid', `status IN ('pending', 'active')`)
@Index('mfa_factors_one_per_user_and_status', ['userId', 'type', 'status'], { unique: true })
export class MfaFactor {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'mfa_factors_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_factors_user_id_fkey' })
  user?: User;

  @Column({ name: 'type', type: 'text', default: 'totp' })
  type!: 'totp';

  @Column({ name: 'status', type: 'text', default: 'pending' })
  status!: FactorStatus;

  /** AES-256-GCM: iv || tag || ciphertext (see `TotpSecrets`). */
  @Column({ name: 'secret_ciphertext', type: 'bytea' })
  secretCiphertext!: Buffer;

  /** The last time step whose code was accepted; only later steps are accepted after it. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true, transformer: stepColumn })
  lastUsedStep!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}
