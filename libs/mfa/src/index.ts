export * from './mfa.module';
export * from './challenges/mfa-challenges.service';
export type { FirstFactor } from './challenges/mfa-challenge.entity';
export { MfaChallenge } from './challenges/mfa-challenge.entity';
