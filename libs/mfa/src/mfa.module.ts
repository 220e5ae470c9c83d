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
import { SecondFactor } from './verification/second-factor';

/**
 * Second factors: TOTP enrolment and management, recovery codes, and the pending-MFA challenge that
 * sign-ins open and POST /v1/mfa/verify answers. Sessions and audit come from the global modules.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MfaChallenge, MfaFactor, MfaRecoveryCode]), UsersModule],
  controllers: [TotpController, RecoveryCodesController, MfaVerifyController],
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
    ...mfaMetricProviders,
  ],
  exports: [MfaChallenges, SecondFactors],
})
export class MfaModule {}
