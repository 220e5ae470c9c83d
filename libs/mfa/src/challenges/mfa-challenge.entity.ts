import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@app/users';

export type FirstFactor = 'pwd' | 'otp' | 'oauth';

/**
 * The pending second step of a sign-in; the `mfa_token` itself is stored only as its SHA-256.
 * Mapped onto the `mfa_challenges` table of migrations/001_init.sql (the SQL is the source of
 * truth; names of constraints and indexes are repeated here so that the two can be compared).
 */
@Entity({ name: 'mfa_challenges' })
@Unique('mfa_challenges_token_hash_key', ['tokenHash'])
@Check('mfa_challenges_first_factor_valid', `first_factor IN ('pwd', 'otp', 'oauth')`)
@Index('mfa_challenges_user_idx', ['userId'])
@Index('mfa_challenges_expires_idx', ['expiresAt'])
export class MfaChallenge {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'mfa_challenges_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_challenges_user_id_fkey' })
  user?: User;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'first_factor', type: 'text' })
  firstFactor!: FirstFactor;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;
}
