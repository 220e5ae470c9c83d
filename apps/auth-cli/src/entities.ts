import type { Type } from '@nestjs/common';
import { AuditEvent } from '@app/audit';
import {
  MfaChallenge,
  MfaFactor,
  MfaRecoveryCode,
  Passkey,
  WebAuthnChallenge,
  WebAuthnUserHandle,
} from '@app/mfa';
import { Identity, OAuthCode, OAuthLinkTicket, OAuthTransaction } from '@app/oauth';
import { OneTimeCode } from '@app/otp';
import { DeletedSession, RefreshToken, Session } from '@app/tokens';
import { User } from '@app/users';
import { WebhookDelivery } from '@app/webhooks';

/**
 * The entity classes `migrate:generate` compares with the database. The service finds its
 * entities through each feature module's `TypeOrmModule.forFeature`; the CLI loads no feature
 * module, so every feature lib adds its entity classes here as well.
 */
export const ENTITIES: Array<Type<object>> = [
  User,
  AuditEvent,
  Session,
  RefreshToken,
  DeletedSession,
  MfaChallenge,
  MfaFactor,
  MfaRecoveryCode,
  Passkey,
  WebAuthnChallenge,
  WebAuthnUserHandle,
  OneTimeCode,
  Identity,
  OAuthTransaction,
  OAuthCode,
  OAuthLinkTicket,
  WebhookDelivery,
];
