export * from './app.exception';
export * from './problem';
export * from './problem.filter';
export * from './to-app-exception';
export * from './database-errors';
export * from './fastify-errors';
export * from './problem.openapi';
