export * from './audit.module';
export * from './audit.service';
export * from './audit-retention';
export { AuditEventRepository } from './audit-event.repository';
export * from './audit-event.entity';
export * from './audit-event-type';
export * from './activity.controller';
export * from './dto/activity-list-query.dto';
export * from './dto/activity-page.dto';
