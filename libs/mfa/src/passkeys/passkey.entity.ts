import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '@app/users';

export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/** `bigint` comes back from pg as a string; signature counters fit a JavaScript number. */
const countColumn = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

/**
 * A user's WebAuthn credential, mapped onto the `passkeys` table of migrations/005_passkeys.sql
 * (the SQL is the source of truth; names of constraints and indexes are repeated here so that the
 * two can be compared).
 */
@Entity({ name: 'passkeys' })
@Unique('passkeys_credential_id_key', ['credentialId'])
@Check('passkeys_sign_count_valid', `sign_count >= 0`)
@Check('passkeys_device_type_valid', `device_type IN ('singleDevice', 'multiDevice')`)
@Check('passkeys_name_length', `length(name) BETWEEN 1 AND 100`)
@Index('passkeys_user_idx', ['userId'])
export class Passkey {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'passkeys_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'passkeys_user_id_fkey' })
  user?: User;

  /** base64url, as browsers send the credential's `id`. */
  @Column({ name: 'credential_id', type: 'text' })
  credentialId!: string;

  /** COSE-encoded, as the authenticator produced it. */
  @Column({ name: 'public_key', type: 'bytea' })
  publicKey!: Buffer;

  @Column({ name: 'sign_count', type: 'bigint', default: 0, transformer: countColumn })
  signCount!: number;

  @Column({ name: 'transports', type: 'text', array: true, default: () => "'{}'" })
  transports!: string[];

  @Column({ name: 'device_type', type: 'text' })
  deviceType!: PasskeyDeviceType;

  @Column({ name: 'backed_up', type: 'boolean', default: false })
  backedUp!: boolean;

  @Column({ name: 'aaguid', type: 'uuid' })
  aaguid!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
