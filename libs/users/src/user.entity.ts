import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * An account, mapped onto the `users` table of migrations/001_init.sql (the SQL is the source
 * of truth; names of constraints are repeated here so that the two can be compared).
 */
@Entity({ name: 'users' })
@Unique('users_email_key', ['email'])
@Unique('users_phone_key', ['phone'])
@Check(
  'users_email_normalized',
  `email = lower(email) AND email = btrim(email) AND length(email) BETWEEN 3 AND 254`,
)
@Check('users_phone_e164', `phone IS NULL OR phone ~ '^\\+[1-9][0-9]{6,14}$'`)
@Check('users_display_name_length', `display_name IS NULL OR length(display_name) <= 100`)
export class User {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  /** Trimmed, NFKC-normalised, lower-cased (`normalizeEmail`). */
  @Column({ name: 'email', type: 'text' })
  email!: string;

  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** E.164. */
  @Column({ name: 'phone', type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'phone_verified_at', type: 'timestamptz', nullable: true })
  phoneVerifiedAt!: Date | null;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled!: boolean;

  @Column({ name: 'password_changed_at', type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
