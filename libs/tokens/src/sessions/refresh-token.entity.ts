import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Session } from './session.entity';

/**
 * One refresh token of a session, mapped onto the `refresh_tokens` table of
 * migrations/001_init.sql (the SQL is the source of truth; names of constraints and indexes are
 * repeated here so that the two can be compared). Only the token's SHA-256 is stored.
 */
@Entity({ name: 'refresh_tokens' })
@Unique('refresh_tokens_token_hash_key', ['tokenHash'])
@Check('refresh_tokens_token_hash_length', `octet_length(token_hash) = 32`)
@Index('refresh_tokens_session_idx', ['sessionId'])
@Index('refresh_tokens_parent_idx', ['parentId'])
// A session never has two live tokens: rotation and revocation race on this index.
@Index('refresh_tokens_one_live_per_session', ['sessionId'], {
  unique: true,
  where: 'rotated_at IS NULL AND revoked_at IS NULL',
})
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'refresh_tokens_pkey' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'refresh_tokens_session_id_fkey' })
  session?: Session;

  /** The token this one was rotated from; null for a session's first token. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => RefreshToken, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'refresh_tokens_parent_id_fkey' })
  parent?: RefreshToken;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'successor_ciphertext', type: 'bytea', nullable: true })
  successorCiphertext!: Buffer | null;
}
