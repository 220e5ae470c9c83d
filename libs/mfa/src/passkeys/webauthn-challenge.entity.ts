import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@app/users';
import { MfaChallenge } from '../challenges/mfa-challenge.entity';

/**
 * What a challenge was issued for: adding a passkey, a sign-in by any discoverable credential, a
 * sign-in that named an email (bound to its account, or to nobody), or a sign-in's second step.
 */
export type ChallengePurpose = 'registration' | 'sign_in' | 'sign_in_user' | 'second_factor';

/**
 * One WebAuthn ceremony's challenge, mapped onto the `webauthn_challenges` table of
 * migrations/005_passkeys.sql. Single use: consuming it is one conditional UPDATE.
 */
@Entity({ name: 'webauthn_challenges' })
@Check(
  'webauthn_challenges_purpose_valid',
  `purpose IN ('registration', 'sign_in', 'sign_in_user', 'second_factor')`,
)
@Index('webauthn_challenges_user_idx', ['userId'])
@Index('webauthn_challenges_expires_idx', ['expiresAt'])
export class WebAuthnChallenge {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'webauthn_challenges_pkey' })
  id!: string;

  @Column({ name: 'purpose', type: 'text' })
  purpose!: ChallengePurpose;

  /** base64url, as it appears in the signed client data. */
  @Column({ name: 'challenge', type: 'text' })
  challenge!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_challenges_user_id_fkey' })
  user?: User;

  @Column({ name: 'mfa_challenge_id', type: 'uuid', nullable: true })
  mfaChallengeId!: string | null;

  /** Never loaded by the service; declared so that the foreign key belongs to the mapping. */
  @ManyToOne(() => MfaChallenge, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'mfa_challenge_id',
    foreignKeyConstraintName: 'webauthn_challenges_mfa_challenge_id_fkey',
  })
  mfaChallenge?: MfaChallenge;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;
}
