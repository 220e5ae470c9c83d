import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OtpChannel, OtpPurpose } from './otp.types';

/**
 * One issued code, mapped onto the `one_time_codes` table of migrations/001_init.sql (the SQL is
 * the source of truth; names of constraints and indexes are repeated here so that the two can be
 * compared). Neither the code nor the address is stored: only keyed hashes of them.
 */
@Entity({ name: 'one_time_codes' })
@Check(
  'one_time_codes_purpose_valid',
  `purpose IN ('verify', 'login', 'password_reset', 'email_change', 'phone_change')`,
)
@Check('one_time_codes_channel_valid', `channel IN ('email', 'sms')`)
@Check('one_time_codes_attempts_valid', `attempts >= 0 AND max_attempts > 0`)
// A new code replaces the previous one: issuing races on this index.
@Index('one_time_codes_one_open_per_destination', ['purpose', 'channel', 'destinationHash'], {
  unique: true,
  where: 'consumed_at IS NULL AND invalidated_at IS NULL',
})
@Index('one_time_codes_destination_recent_idx', ['destinationHash', 'createdAt'])
@Index('one_time_codes_user_idx', ['userId'])
@Index('one_time_codes_expires_idx', ['expiresAt'])
export class OneTimeCode {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'one_time_codes_pkey' })
  id!: string;

  /**
   * Null when no account held the address. The otp module sits below the users module and cannot
   * import its entity, so the foreign key names the `User` entity by its name; the DataSource must
   * hold that entity as well.
   */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  @ForeignKey('User', { name: 'one_time_codes_user_id_fkey', onDelete: 'CASCADE' })
  userId!: string | null;

  @Column({ name: 'purpose', type: 'text' })
  purpose!: OtpPurpose;

  @Column({ name: 'channel', type: 'text' })
  channel!: OtpChannel;

  @Column({ name: 'destination_hash', type: 'bytea' })
  destinationHash!: Buffer;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @Column({ name: 'invalidated_at', type: 'timestamptz', nullable: true })
  invalidatedAt!: Date | null;
}
