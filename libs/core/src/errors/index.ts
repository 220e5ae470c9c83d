export * from './app.exception';
export * from './problem';
export * from './problem.filter';
export * from './database-errors';
