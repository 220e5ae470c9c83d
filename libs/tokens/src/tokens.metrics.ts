import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const REFRESHES = 'auth_token_refreshes_total';
export const REUSE_DETECTIONS = 'auth_refresh_token_reuse_detections_total';
export const VERIFICATIONS = 'auth_verify_token_total';

/** Token counters. Labels are closed sets of results: never ids, emails or tokens. */
export const tokenMetricProviders = [
  makeCounterProvider({
    name: REFRESHES,
    help: 'Refresh token rotations by result.',
    labelNames: ['result'],
  }),
  makeCounterProvider({ name: REUSE_DETECTIONS, help: 'Refresh tokens presented again after rotation.' }),
  makeCounterProvider({ name: VERIFICATIONS, help: 'verify-token calls by result.', labelNames: ['result'] }),
];
