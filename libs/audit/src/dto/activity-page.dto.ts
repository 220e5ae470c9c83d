import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_EVENT_TYPES } from '../audit-event-type';

/** One audit event as the account owner sees it (`AuditEvent` of API.md). */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES, example: 'login.succeeded' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  user_agent!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Details of the event (for example the failure reason); never a secret.',
    example: { reason: 'invalid_password' },
  })
  metadata!: Record<string, unknown>;
}

/** A page of the caller's activity, newest first. */
export class ActivityPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  events!: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  })
  next_cursor!: string | null;
}
