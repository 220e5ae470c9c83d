import { Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AdminApi, ApiProblemResponse } from '@app/core';
import { DeliveryListQueryDto } from './dto/delivery-list-query.dto';
import { DeliveryPageDto } from './dto/delivery-page.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

@AdminApi()
@Controller('admin/v1/webhooks/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Webhook deliveries, newest first' })
  @ApiOkResponse({
    type: DeliveryPageDto,
    description: 'A page of deliveries and the cursor of the next one.',
  })
  @ApiProblemResponse(
    400,
    '`validation_failed`: an unknown `status` or `type`, `limit` outside 1-100, a malformed `cursor`, or an unknown parameter.',
  )
  @ApiProblemResponse(404, '`not_found`: the admin API is off (no `ADMIN_API_KEYS`).')
  list(@Query() query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.list(query);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue a failed delivery again, at once' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The `id` of a delivery.' })
  @ApiAcceptedResponse({
    description: 'Queued: the next attempt starts at once, with a full schedule after it.',
  })
  @ApiProblemResponse(
    404,
    '`not_found`: no delivery has this id, or the admin API is off (no `ADMIN_API_KEYS`).',
  )
  @ApiProblemResponse(409, '`already_delivered`: the delivery succeeded already.')
  retry(@Param('id') id: string): Promise<void> {
    return this.deliveries.retry(id);
  }
}
