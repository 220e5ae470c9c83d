import { Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';
import type { PasskeyDeviceType } from './passkey.entity';

/** Challenges live this long (API.md), and browsers are told to give up by then. */
export const CHALLENGE_TTL_SECONDS = 300;

/** EdDSA, ES256, RS256: what platform and roaming authenticators use. */
const ALGORITHMS = [-8, -7, -257];

export interface CredentialDescriptor {
  id: string;
  transports?: string[];
}

export interface VerifiedCredential {
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  aaguid: string;
}

export interface VerifiedAssertion {
  signCount: number;
  backedUp: boolean;
}

/**
 * The WebAuthn ceremonies of the relying party, all checks done by @simplewebauthn/server: origin
 * among WEBAUTHN_ORIGINS, RP id hash, user presence and verification, the challenge, the
 * signature. A response that fails any check is `undefined`; why is not told to the caller.
 */
@Injectable()
export class WebAuthnCeremonies {
  constructor(private readonly config: AppConfig) {}

  newChallenge(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(randomBytes(32));
  }

  registrationOptions(input: {
    challenge: Uint8Array<ArrayBuffer>;
    userHandle: Buffer;
    userName: string;
    displayName: string;
    exclude: CredentialDescriptor[];
  }): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { rpId, rpName } = this.config.webauthn;
    return generateRegistrationOptions({
      rpID: rpId,
      rpName,
      userID: new Uint8Array(input.userHandle),
      userName: input.userName,
      userDisplayName: input.displayName,
      challenge: input.challenge,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: input.exclude,
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      },
      supportedAlgorithmIDs: ALGORITHMS,
    });
  }

  signInOptions(
    challenge: Uint8Array<ArrayBuffer>,
    allow?: CredentialDescriptor[],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      challenge,
      allowCredentials: allow,
      timeout: CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
    });
  }

  async verifyRegistration(
    response: RegistrationResponseJSON,
    expectedChallenge: string,
  ): Promise<VerifiedCredential | undefined> {
    const { rpId, origins } = this.config.webauthn;
    const result = await refusedAsUndefined(() =>
      verifyRegistrationResponse({
        response: { ...response, clientExtensionResults: {} },
        expectedChallenge,
        expectedOrigin: origins,
        expectedRPID: rpId,
        requireUserPresence: true,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      }),
    );
    if (!result?.verified) return undefined;
    const info = result.registrationInfo;
    return {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      signCount: info.credential.counter,
      transports: response.response.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
    };
  }

  /**
   * Checks an assertion against a stored credential. The stored counter is not given to the
   * library: it would refuse a regression before checking the signature, and a regression only
   * means a possible clone once the signature proves the key was used (the caller compares).
   */
  async verifyAssertion(
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
    credential: { credentialId: string; publicKey: Buffer },
  ): Promise<VerifiedAssertion | undefined> {
    const { rpId, origins } = this.config.webauthn;
    const result = await refusedAsUndefined(() =>
      verifyAuthenticationResponse({
        response: { ...response, clientExtensionResults: {} },
        expectedChallenge,
        expectedOrigin: origins,
        expectedRPID: rpId,
        credential: {
          id: credential.credentialId,
          publicKey: new Uint8Array(credential.publicKey),
          counter: 0,
        },
        requireUserVerification: true,
      }),
    );
    if (!result?.verified || !result.authenticationInfo.userVerified) return undefined;
    return {
      signCount: result.authenticationInfo.newCounter,
      backedUp: result.authenticationInfo.credentialBackedUp,
    };
  }
}

/** The library throws on every malformed or mismatching response; all of them are a refusal. */
async function refusedAsUndefined<T>(verify: () => Promise<T>): Promise<T | undefined> {
  try {
    return await verify();
  } catch {
    return undefined;
  }
}
