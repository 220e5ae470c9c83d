import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Session } from '../sessions/session.entity';
import { SessionTokens } from '../sessions/session-tokens';

export class SessionEnvelope {
  @ApiProperty({ type: SessionTokens })
  session!: SessionTokens;
}

/** A live session as its user, or an operator, sees it. */
export class SessionSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) last_used_at!: string;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) user_agent!: string | null;
  @ApiProperty({ enum: ['aal1', 'aal2'] }) aal!: string;
}

export function toSessionSummary(session: Session): SessionSummary {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    ip: session.ip,
    user_agent: session.userAgent,
    aal: session.aal,
  };
}

export class SessionInfo extends SessionSummary {
  @ApiProperty({ description: 'True for the session of the calling token.' }) current!: boolean;
}

export class SessionSummaryList {
  @ApiProperty({ type: [SessionSummary] })
  sessions!: SessionSummary[];
}

export class SessionList {
  @ApiProperty({ type: [SessionInfo] })
  sessions!: SessionInfo[];
}

export class TokenIntrospection {
  @ApiProperty({ enum: [true] }) active!: true;
  @ApiProperty({ format: 'uuid', description: 'User id.' }) sub!: string;
  @ApiProperty({ format: 'uuid', description: 'Session id.' }) sid!: string;
  @ApiProperty({ type: 'integer', description: 'Expiry, seconds since the epoch.' }) exp!: number;
  @ApiProperty({ type: 'integer', description: 'Issue time, seconds since the epoch.' }) iat!: number;
  @ApiProperty({ enum: ['aal1', 'aal2'] }) aal!: string;
  @ApiProperty({ type: [String], example: ['pwd'] }) amr!: string[];
  @ApiProperty() email!: string;
}

/** A public key of `/.well-known/jwks.json` (RFC 7517); members beyond these may appear. */
export class PublicJwk {
  @ApiProperty({ enum: ['RSA', 'EC', 'OKP'], description: 'Key type.' }) kty!: string;
  @ApiProperty({ description: 'Matches the `kid` in the header of the tokens this key verifies.' })
  kid!: string;
  @ApiProperty({ enum: ['RS256', 'PS256', 'ES256'] }) alg!: string;
  @ApiProperty({ enum: ['sig'] }) use!: string;
  @ApiPropertyOptional({ description: 'RSA modulus (base64url).' }) n?: string;
  @ApiPropertyOptional({ description: 'RSA public exponent (base64url).' }) e?: string;
  @ApiPropertyOptional({ enum: ['P-256', 'Ed25519'] }) crv?: string;
  @ApiPropertyOptional({ description: 'EC or OKP public key, x coordinate (base64url).' }) x?: string;
  @ApiPropertyOptional({ description: 'EC public key, y coordinate (base64url).' }) y?: string;
}

export class PublicJwkSet {
  @ApiProperty({
    type: [PublicJwk],
    description: 'The signing key, plus retiring keys during a rotation; empty with HS256.',
  })
  keys!: PublicJwk[];
}
