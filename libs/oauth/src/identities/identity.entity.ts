import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '@app/users';

/**
 * An account at a provider linked to one of ours, mapped onto the `identities` table of
 * migrations/004_identities.sql (the SQL is the source of truth; names of constraints and indexes
 * are repeated here so that the two can be compared).
 */
@Entity({ name: 'identities' })
@Unique('identities_provider_subject_key', ['provider', 'subject'])
@Check('identities_subject_length', `length(subject) BETWEEN 1 AND 255`)
@Check('identities_email_length', `email IS NULL OR length(email) <= 254`)
@Index('identities_user_idx', ['userId'])
export class Identity {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'identities_pkey' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'identities_user_id_fkey' })
  user?: User;

  @Column({ name: 'provider', type: 'text' })
  provider!: string;

  /** The provider's stable id of the account (`sub`, or GitHub's numeric id). */
  @Column({ name: 'subject', type: 'text' })
  subject!: string;

  @Column({ name: 'email', type: 'text', nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
