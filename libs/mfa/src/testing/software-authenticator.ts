import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

/** What a ceremony may get wrong on purpose, to see the service refuse it. */
export interface CeremonyOptions {
  /** The origin written into the client data (default: the authenticator's origin). */
  origin?: string;
  /** The RP id whose hash starts the authenticator data (default: the options' RP id). */
  rpId?: string;
  /** Whether the user was verified (default true). */
  userVerified?: boolean;
  /** The challenge to sign in place of the options' one. */
  challenge?: string;
  /** The signature counter to report in place of the next one. */
  signCount?: number;
  /** Flip a byte of the signature. */
  corruptSignature?: boolean;
}

/**
 * A passkey authenticator in software: one P-256 key, "none" attestation, authenticator data built
 * byte by byte as the WebAuthn spec lays it out, and responses in the JSON forms browsers send.
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32).toString('base64url');
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private counter = 0;
  private userHandle: string | undefined;
  private rpId: string | undefined;

  constructor(
    readonly origin: string,
    private readonly options: { counts?: boolean; backedUp?: boolean } = {},
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** The signature counter of the last response (0 for authenticators that do not count). */
  get signCount(): number {
    return this.counter;
  }

  create(
    options: PublicKeyCredentialCreationOptionsJSON,
    wrong: CeremonyOptions = {},
  ): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    this.rpId = options.rp.id;
    const clientData = this.clientData('webauthn.create', wrong.challenge ?? options.challenge, wrong);
    const authData = Buffer.concat([
      this.authDataHead(wrong.rpId ?? options.rp.id!, wrong, AT),
      Buffer.alloc(16), // AAGUID: all zeros, as "none" attestation allows
      u16(Buffer.from(this.credentialId, 'base64url').length),
      Buffer.from(this.credentialId, 'base64url'),
      Buffer.from(isoCBOR.encode(this.coseKey())),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, Uint8Array | string | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData.toString('base64url'),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal', 'hybrid'],
      },
    };
  }

  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    wrong: CeremonyOptions = {},
  ): AuthenticationResponseJSON {
    const clientData = this.clientData('webauthn.get', wrong.challenge ?? options.challenge, wrong);
    const authData = this.authDataHead(wrong.rpId ?? options.rpId ?? this.rpId!, wrong, 0);
    const signed = Buffer.concat([authData, createHash('sha256').update(clientData).digest()]);
    const signature = sign('sha256', signed, this.privateKey);
    if (wrong.corruptSignature) signature[signature.length - 1]! ^= 0xff;
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
    };
  }

  private clientData(type: string, challenge: string, wrong: CeremonyOptions): Buffer {
    const origin = wrong.origin ?? this.origin;
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** rpIdHash (32) || flags (1) || signCount (4, big-endian). */
  private authDataHead(rpId: string, wrong: CeremonyOptions, extraFlags: number): Buffer {
    const backup = this.options.backedUp ? BE | BS : 0;
    const flags = UP | (wrong.userVerified === false ? 0 : UV) | backup | extraFlags;
    if (this.options.counts !== false) this.counter += 1;
    const count = wrong.signCount ?? (this.options.counts === false ? 0 : this.counter);
    const countBytes = Buffer.alloc(4);
    countBytes.writeUInt32BE(count);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), countBytes]);
  }

  /** The public key as a COSE_Key map: EC2, ES256, P-256, x, y. */
  private coseKey(): Map<number, number | Uint8Array> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
    ]);
  }
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
