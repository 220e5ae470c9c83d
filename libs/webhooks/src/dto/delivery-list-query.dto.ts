import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { digitsToNumber, MayBeAbsent, WEBHOOK_EVENT_TYPES } from '@app/core';
import type { DeliveryStatus } from '../webhook-delivery.entity';

export const DEFAULT_DELIVERY_LIMIT = 50;
export const MAX_DELIVERY_LIMIT = 100;
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** `GET /admin/v1/webhooks/deliveries?status=&type=&limit=&cursor=` */
export class DeliveryListQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @MayBeAbsent()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, description: 'One event type.' })
  @MayBeAbsent()
  @IsIn(WEBHOOK_EVENT_TYPES)
  type?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_DELIVERY_LIMIT,
    default: DEFAULT_DELIVERY_LIMIT,
    description: 'Deliveries per page.',
  })
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_DELIVERY_LIMIT)
  limit: number = DEFAULT_DELIVERY_LIMIT;

  @ApiPropertyOptional({
    maxLength: 512,
    description: 'The `next_cursor` of the previous page; omit it for the newest deliveries.',
  })
  @MayBeAbsent()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
