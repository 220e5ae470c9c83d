export * from './mfa.module';
export * from './challenges/mfa-challenges.service';
export type { FirstFactor } from './challenges/mfa-challenge.entity';
export { MfaChallenge } from './challenges/mfa-challenge.entity';
export { MfaFactor } from './factors/mfa-factor.entity';
export { MfaRecoveryCode } from './recovery/mfa-recovery-code.entity';
export { InvalidMfaCodeException, InvalidMfaTokenException, MfaAlreadyEnabledException } from './mfa.errors';
export { SecondFactors, type SecondFactorSummary } from './factors/second-factors';
export { Passkey } from './passkeys/passkey.entity';
export { WebAuthnChallenge } from './passkeys/webauthn-challenge.entity';
export { WebAuthnUserHandle } from './passkeys/webauthn-user-handle.entity';
export {
  PasskeyAssertions,
  type AssertionOutcome,
  type AssertionRefusal,
} from './passkeys/passkey-assertions';
export { InvalidPasskeyException } from './passkeys/passkeys.errors';
export { AssertionCredentialDto } from './passkeys/dto/passkey-credential.dto';
export { PasskeyRequestOptionsResponse } from './passkeys/dto/passkey.responses';
