import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AdminActor, AdminRequest } from './admin-key.guard';

/** The admin key `AdminKeyGuard` admitted (its name is the actor of audit events). */
export const CurrentAdmin = createParamDecorator((_data: unknown, context: ExecutionContext): AdminActor => {
  const actor = context.switchToHttp().getRequest<AdminRequest>().adminActor;
  if (!actor) throw new Error('CurrentAdmin used on a route without AdminKeyGuard');
  return actor;
});
