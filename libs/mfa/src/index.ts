export * from './mfa.module';
export * from './challenges/mfa-challenges.service';
export type { FirstFactor } from './challenges/mfa-challenge.entity';
export { MfaChallenge } from './challenges/mfa-challenge.entity';
export { MfaFactor } from './factors/mfa-factor.entity';
export { MfaRecoveryCode } from './recovery/mfa-recovery-code.entity';
export { InvalidMfaCodeException, InvalidMfaTokenException, MfaAlreadyEnabledException } from './mfa.errors';
export { SecondFactors, type SecondFactorSummary } from './factors/second-factors';
