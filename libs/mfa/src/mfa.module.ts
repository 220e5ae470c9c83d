import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MfaChallenge } from './challenges/mfa-challenge.entity';
import { MfaChallenges } from './challenges/mfa-challenges.service';

/** Second factors: the pending-MFA challenge of a sign-in. */
@Module({
  imports: [TypeOrmModule.forFeature([MfaChallenge])],
  providers: [MfaChallenges],
  exports: [MfaChallenges],
})
export class MfaModule {}
