import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A session of a deleted account, mapped onto `deleted_sessions` of
 * migrations/003_account_lifecycle.sql: the session row went with its account, but its access
 * tokens may live on until they expire, so revocation is remembered here (no personal data).
 */
@Entity({ name: 'deleted_sessions' })
@Index('deleted_sessions_revoked_at_idx', ['revokedAt'])
export class DeletedSession {
  @PrimaryColumn('uuid', { name: 'id', primaryKeyConstraintName: 'deleted_sessions_pkey' })
  id!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', default: () => 'now()' })
  revokedAt!: Date;
}
