import { HttpStatus, Injectable } from '@nestjs/common';
import { Clock, tokenHash } from '@app/core';
import { MfaChallengesRepository } from '../challenges/mfa-challenges.repository';
import { InvalidMfaTokenException } from '../mfa.errors';
import { PasskeyRequestOptionsResponse } from '../passkeys/dto/passkey.responses';
import { PasskeyAssertions } from '../passkeys/passkey-assertions';
import { InvalidPasskeyException } from '../passkeys/passkeys.errors';

/** Options for answering a sign-in's second step with a passkey. */
@Injectable()
export class WebAuthnStepService {
  constructor(
    private readonly clock: Clock,
    private readonly challenges: MfaChallengesRepository,
    private readonly assertions: PasskeyAssertions,
  ) {}

  /** A challenge bound to the step of `mfaToken`, listing the user's passkeys. */
  async options(mfaToken: string): Promise<PasskeyRequestOptionsResponse> {
    const challenge = await this.challenges.findLive(tokenHash(mfaToken), this.clock.now());
    if (!challenge) throw new InvalidMfaTokenException();
    const options = await this.assertions.secondFactorOptions(challenge.userId, challenge.id);
    if (!options) throw new InvalidPasskeyException(HttpStatus.BAD_REQUEST);
    return options;
  }
}
