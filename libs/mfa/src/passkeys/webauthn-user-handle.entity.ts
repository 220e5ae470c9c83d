import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique } from 'typeorm';
import { User } from '@app/users';

/**
 * The WebAuthn user handle of an account (random, stable, never the email or the user id), mapped
 * onto the `webauthn_user_handles` table of migrations/005_passkeys.sql.
 */
@Entity({ name: 'webauthn_user_handles' })
@Unique('webauthn_user_handles_handle_key', ['handle'])
export class WebAuthnUserHandle {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'webauthn_user_handles_pkey' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_user_handles_user_id_fkey' })
  user?: User;

  @Column({ name: 'handle', type: 'bytea' })
  handle!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
