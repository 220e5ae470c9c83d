import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const MFA_VERIFICATIONS = 'mfa_verifications_total';

export type MfaMethod = 'totp' | 'recovery_code' | 'webauthn' | 'unknown';
export type MfaVerificationResult = 'success' | 'invalid_code' | 'invalid_token' | 'locked';

/** Second-factor counters. Labels are closed sets: never an id, an address or a code. */
export const mfaMetricProviders = [
  makeCounterProvider({
    name: MFA_VERIFICATIONS,
    help: 'Second-factor checks at sign-in, by method and result.',
    labelNames: ['method', 'result'],
  }),
];
