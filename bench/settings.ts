/** The configured cost (BCRYPT_COST's default), used by the service and by the bcrypt limit alike. */
export const BCRYPT_COST = 12;
export const CONCURRENCIES = [1, 10, 50];
/** Seconds of each run whose responses are discarded, then seconds measured. */
export const WARMUP_SECONDS = 2;
export const SECONDS = 5;
/**
 * Sessions for the refresh chains, half for the service and half for the naive refresh server
 * (each run may strand one chain per connection), and logins.
 */
export const ACCOUNTS = 140;
export const FLOOD_CONNECTIONS = 50;
/**
 * Seconds measured of the /healthz probe alone and during each flood: at the probe's 100 requests/s,
 * 1,500 latencies, so that their p99 is not the luck of a handful of slow answers.
 */
export const FLOOD_SECONDS = 15;
/** The /healthz probe during the floods: a steady request rate, as a load balancer sends. */
export const PROBE = { connections: 1, overallRate: 100 };
