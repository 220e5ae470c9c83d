import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@app/users';

/** Our one-time code after a provider sign-in, mapped onto `oauth_codes` of migrations/004_identities.sql. */
@Entity({ name: 'oauth_codes' })
@Index('oauth_codes_expires_idx', ['expiresAt'])
export class OAuthCode {
  @PrimaryColumn({ name: 'code_hash', type: 'bytea', primaryKeyConstraintName: 'oauth_codes_pkey' })
  codeHash!: Buffer;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'oauth_codes_user_id_fkey' })
  user?: User;

  @Column({ name: 'provider', type: 'text' })
  provider!: string;

  @Column({ name: 'code_challenge', type: 'text' })
  codeChallenge!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
