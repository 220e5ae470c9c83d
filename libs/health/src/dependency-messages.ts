/**
 * The only words `/readyz` says about a dependency that is not up. They are fixed on purpose:
 * a driver's message names hosts, ports and errno codes, which a public port must not show.
 * The cause goes to the log instead.
 */
export const DEPENDENCY_MESSAGES = {
  postgresDown: 'postgres is not answering',
  redisDown: 'redis is down; serving in degraded mode',
  redisNotAnswering: 'redis is not answering; serving in degraded mode',
} as const;
