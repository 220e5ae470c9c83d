import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '@app/users';
import { MfaChallenge } from './challenges/mfa-challenge.entity';
import { MfaChallengesRepository } from './challenges/mfa-challenges.repository';
import { MfaChallenges } from './challenges/mfa-challenges.service';
import { MfaFactor } from './factors/mfa-factor.entity';
import { MfaFactorsRepository } from './factors/mfa-factors.repository';
import { MfaManagementService } from './factors/mfa-management.service';
import { SecondFactors } from './factors/second-factors';
import { TotpCodes } from './factors/totp-codes';
import { TotpEnrollmentService } from './factors/totp-enrollment.service';
import { TotpController } from './factors/totp.controller';
import { mfaMetricProviders } from './mfa.metrics';
import { MfaRecoveryCode } from './recovery/mfa-recovery-code.entity';
import { RecoveryCodes } from './recovery/recovery-codes';
import { RecoveryCodesController } from './recovery/recovery-codes.controller';
import { RecoveryCodesRepository } from './recovery/recovery-codes.repository';
import { TotpSecrets } from './totp/totp-secrets';
import { MfaVerifyController } from './verification/mfa-verify.controller';
import { MfaVerificationService } from './verification/mfa-verification.service';
import { MfaWebAuthnController } from './verification/mfa-webauthn.controller';
import { SecondFactor } from './verification/second-factor';
import { WebAuthnStepService } from './verification/webauthn-step.service';
import { Passkey } from './passkeys/passkey.entity';
import { PasskeyAssertions } from './passkeys/passkey-assertions';
import { PasskeyManagementService } from './passkeys/passkey-management.service';
import { PasskeyRegistrationService } from './passkeys/passkey-registration.service';
import { PasskeysController } from './passkeys/passkeys.controller';
import { PasskeysRepository } from './passkeys/passkeys.repository';
import { WebAuthnCeremonies } from './passkeys/webauthn-ceremonies';
import { WebAuthnChallenge } from './passkeys/webauthn-challenge.entity';
import { WebAuthnChallengeStore } from './passkeys/webauthn-challenge-store';
import { WebAuthnChallengesRepository } from './passkeys/webauthn-challenges.repository';
import { WebAuthnUserHandle } from './passkeys/webauthn-user-handle.entity';

/**
 * Second factors: TOTP enrolment and management, recovery codes, passkeys (WebAuthn), and the
 * pending-MFA challenge that sign-ins open and POST /v1/mfa/verify answers. Sessions and audit come
 * from the global modules.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MfaChallenge,
      MfaFactor,
      MfaRecoveryCode,
      Passkey,
      WebAuthnChallenge,
      WebAuthnUserHandle,
    ]),
    UsersModule,
  ],
  controllers: [
    TotpController,
    RecoveryCodesController,
    MfaVerifyController,
    MfaWebAuthnController,
    PasskeysController,
  ],
  providers: [
    MfaChallengesRepository,
    MfaChallenges,
    MfaFactorsRepository,
    RecoveryCodesRepository,
    TotpSecrets,
    TotpCodes,
    RecoveryCodes,
    TotpEnrollmentService,
    MfaManagementService,
    SecondFactor,
    MfaVerificationService,
    SecondFactors,
    WebAuthnCeremonies,
    WebAuthnChallengesRepository,
    WebAuthnChallengeStore,
    PasskeysRepository,
    PasskeyAssertions,
    PasskeyRegistrationService,
    PasskeyManagementService,
    WebAuthnStepService,
    ...mfaMetricProviders,
  ],
  exports: [MfaChallenges, SecondFactors, PasskeyAssertions],
})
export class MfaModule {}
