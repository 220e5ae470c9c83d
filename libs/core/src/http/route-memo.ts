import type { ExecutionContext } from '@nestjs/common';

/**
 * What a guard works out once per route from its static metadata, then reads on every request.
 * Keyed by controller class and handler, since a handler may be inherited by several controllers.
 */
export class RouteMemo<T> {
  private readonly byController = new WeakMap<object, Map<object, T>>();

  constructor(private readonly compute: (context: ExecutionContext) => T) {}

  of(context: ExecutionContext): T {
    const controller = context.getClass();
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new Map<object, T>()));
    const handler = context.getHandler();
    if (!byHandler.has(handler)) byHandler.set(handler, this.compute(context));
    return byHandler.get(handler) as T;
  }
}
