import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhooksModule } from '@app/webhooks';
import { ActivityController } from './activity.controller';
import { AuditEvent } from './audit-event.entity';
import { AuditEventRepository } from './audit-event.repository';
import { AuditRetention } from './audit-retention';
import { AuditService } from './audit.service';

/**
 * The audit log: `AuditService.record` for every feature module (hence global),
 * `GET /v1/user/activity` for the account owner, and the retention purge (of webhook deliveries
 * too). Each event also goes to the webhook outbox, in the same transaction. The access guard's
 * `AccessTokenVerifier` comes from the tokens module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent]), WebhooksModule],
  controllers: [ActivityController],
  providers: [AuditEventRepository, AuditService, AuditRetention],
  exports: [AuditService, AuditRetention],
})
export class AuditModule {}
