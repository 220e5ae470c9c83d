import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { AuditEventDto, AuditService } from '@app/audit';
import { AdminApi, ApiProblemResponse, ValidationFailedException } from '@app/core';
import { AdminAuditQueryDto } from './dto/admin-queries.dto';

export class AdminAuditEvent extends AuditEventDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user concerned; null when none is known.',
  })
  user_id!: string | null;
}

export class AdminAuditPage {
  @ApiProperty({ type: [AdminAuditEvent] })
  events!: AdminAuditEvent[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  })
  next_cursor!: string | null;
}

@AdminApi()
@Controller('admin/v1/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log across users, newest first' })
  @ApiOkResponse({ type: AdminAuditPage })
  @ApiProblemResponse(
    400,
    '`validation_failed`: a query parameter is malformed or unknown, or `since` is after `until`.',
  )
  @ApiProblemResponse(404, '`not_found`: the admin API is off (no `ADMIN_API_KEYS`).')
  search(@Query() query: AdminAuditQueryDto) {
    const since = query.since === undefined ? undefined : new Date(query.since);
    const until = query.until === undefined ? undefined : new Date(query.until);
    if (since && until && since > until) {
      throw new ValidationFailedException([{ field: 'since', message: 'since must not be after until' }]);
    }
    return this.audit.search({
      userId: query.user_id?.toLowerCase(),
      type: query.type,
      since,
      until,
      limit: query.limit,
      cursor: query.cursor,
    });
  }
}
