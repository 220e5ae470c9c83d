import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const CODES_SENT = 'otp_codes_sent_total';
export const VERIFICATIONS = 'otp_verifications_total';

export type VerificationResult = 'success' | 'invalid' | 'attempts_exceeded';

/** One-time code counters. Labels are closed sets: never an address, a number or a code. */
export const otpMetricProviders = [
  makeCounterProvider({
    name: CODES_SENT,
    help: 'One-time codes delivered, by channel and purpose.',
    labelNames: ['channel', 'purpose'],
  }),
  makeCounterProvider({
    name: VERIFICATIONS,
    help: 'One-time code checks, by channel and result.',
    labelNames: ['channel', 'result'],
  }),
];
