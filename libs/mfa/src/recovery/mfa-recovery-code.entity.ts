import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@app/users';

/**
 * One recovery code, stored only as its keyed hash; mapped onto the `mfa_recovery_codes` table of
 * migrations/001_init.sql (the SQL is the source of truth; names of constraints are repeated here
 * so that the two can be compared).
 */
@Entity({ name: 'mfa_recovery_codes' })
@Unique('mfa_recovery_codes_user_code_key', ['userId', 'codeHash'])
export class MfaRecoveryCode {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'mfa_recovery_codes_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_recovery_codes_user_id_fkey' })
  user?: User;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
