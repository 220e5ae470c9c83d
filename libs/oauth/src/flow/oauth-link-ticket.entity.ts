import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@app/users';

/** A signed-in user's pending request to link a provider, mapped onto `oauth_link_tickets` of migrations/004_identities.sql. */
@Entity({ name: 'oauth_link_tickets' })
@Index('oauth_link_tickets_expires_idx', ['expiresAt'])
export class OAuthLinkTicket {
  @PrimaryColumn({ name: 'ticket_hash', type: 'bytea', primaryKeyConstraintName: 'oauth_link_tickets_pkey' })
  ticketHash!: Buffer;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'oauth_link_tickets_user_id_fkey' })
  user?: User;

  @Column({ name: 'provider', type: 'text' })
  provider!: string;

  @Column({ name: 'redirect_to', type: 'text' })
  redirectTo!: string;

  @Column({ name: 'code_challenge', type: 'text' })
  codeChallenge!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
