import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { digitsToNumber, MayBeAbsent } from '@app/core';

export const DEFAULT_ACTIVITY_LIMIT = 20;
export const MAX_ACTIVITY_LIMIT = 100;

/** `GET /v1/user/activity?limit=&cursor=` */
export class ActivityListQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_ACTIVITY_LIMIT,
    default: DEFAULT_ACTIVITY_LIMIT,
    description: 'Events per page.',
  })
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_ACTIVITY_LIMIT)
  limit: number = DEFAULT_ACTIVITY_LIMIT;

  @ApiPropertyOptional({
    maxLength: 512,
    description: 'The `next_cursor` of the previous page; omit it for the newest events.',
  })
  @MayBeAbsent()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
