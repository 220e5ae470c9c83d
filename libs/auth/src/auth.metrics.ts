import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const REGISTRATIONS = 'auth_registrations_total';
export const LOGINS = 'auth_logins_total';

/** Sign-in counters; `result` is a closed set, never an address or an id. */
export const authMetricProviders = [
  makeCounterProvider({ name: REGISTRATIONS, help: 'Accounts registered.' }),
  makeCounterProvider({
    name: LOGINS,
    help: 'Sign-in attempts by method and result.',
    labelNames: ['method', 'result'],
  }),
];
