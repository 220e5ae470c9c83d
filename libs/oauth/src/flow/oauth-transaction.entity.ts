import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@app/users';

/**
 * One authorization attempt between `/authorize` and `/callback`, mapped onto
 * `oauth_transactions` of migrations/004_identities.sql.
 */
@Entity({ name: 'oauth_transactions' })
@Index('oauth_transactions_expires_idx', ['expiresAt'])
export class OAuthTransaction {
  @PrimaryColumn({ name: 'state_hash', type: 'bytea', primaryKeyConstraintName: 'oauth_transactions_pkey' })
  stateHash!: Buffer;

  @Column({ name: 'binding_hash', type: 'bytea' })
  bindingHash!: Buffer;

  @Column({ name: 'provider', type: 'text' })
  provider!: string;

  @Column({ name: 'nonce', type: 'text' })
  nonce!: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier!: string;

  @Column({ name: 'redirect_to', type: 'text' })
  redirectTo!: string;

  @Column({ name: 'code_challenge', type: 'text' })
  codeChallenge!: string;

  /** Set when a signed-in user links the provider to their account. */
  @Column({ name: 'link_user_id', type: 'uuid', nullable: true })
  linkUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_user_id', foreignKeyConstraintName: 'oauth_transactions_link_user_id_fkey' })
  linkUser?: User;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
