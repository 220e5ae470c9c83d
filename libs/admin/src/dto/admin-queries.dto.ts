import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { digitsToNumber, MayBeAbsent } from '@app/core';
import { CodePointLength, NoControlCharacters } from '@app/users';

export const DEFAULT_ADMIN_PAGE = 50;
export const MAX_ADMIN_PAGE = 100;

const bool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_ADMIN_PAGE, default: DEFAULT_ADMIN_PAGE })
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_ADMIN_PAGE)
  limit: number = DEFAULT_ADMIN_PAGE;

  @ApiPropertyOptional({ maxLength: 512, description: 'The `next_cursor` of the previous page.' })
  @MayBeAbsent()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** `GET /admin/v1/users` */
export class AdminUserListQueryDto extends PageQuery {
  @ApiPropertyOptional({
    maxLength: 254,
    description: 'An email prefix, an exact user id, or an exact phone number (E.164).',
  })
  @MayBeAbsent()
  @IsString()
  @NoControlCharacters()
  @CodePointLength(1, 254)
  query?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only disabled, or only enabled, accounts.' })
  @MayBeAbsent()
  @Transform(bool)
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

/** `GET /admin/v1/audit` */
export class AdminAuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @MayBeAbsent()
  @IsUUID('all')
  user_id?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    example: 'login.',
    description: 'One event type, or a prefix ending in `.` (e.g. `login.`, `admin.`).',
  })
  @MayBeAbsent()
  @Matches(/^[a-z_]+(\.[a-z_]+)*\.?$/, { message: 'type must be an event type or a prefix ending in "."' })
  @MaxLength(64)
  type?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this time.' })
  @MayBeAbsent()
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this time.' })
  @MayBeAbsent()
  @IsISO8601({ strict: true, strictSeparator: true })
  until?: string;
}
