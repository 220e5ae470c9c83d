import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * An account, mapped onto the `users` table of migrations/001_init.sql and
 * 003_account_lifecycle.sql (the SQL is the source of truth; names of constraints are repeated
 * here so that the two can be compared).
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
@Check('users_app_metadata_object', `jsonb_typeof(app_metadata) = 'object'`)
@Check('users_app_metadata_size', `octet_length(app_metadata::text) <= 4096`)
@Check('users_disabled_reason_length', `disabled_reason IS NULL OR length(disabled_reason) <= 500`)
@Index('users_created_idx', ['createdAt', 'id'])
@Index('users_email_prefix_idx', ['email'])
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

  /** Null for an account that signs in only otherwise (a code, a provider, a passkey). */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled!: boolean;

  @Column({ name: 'password_changed_at', type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt!: Date;

  /** Set only through the admin API; copied into access tokens as the `app_metadata` claim. */
  @Column({ name: 'app_metadata', type: 'jsonb', default: {} })
  appMetadata!: Record<string, unknown>;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt!: Date | null;

  @Column({ name: 'disabled', type: 'boolean', default: false })
  disabled!: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
