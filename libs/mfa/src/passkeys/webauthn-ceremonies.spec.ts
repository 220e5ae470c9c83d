import type { AppConfig } from '@app/core';
import { SoftwareAuthenticator } from '@app/mfa/testing';
import { WebAuthnCeremonies } from './webauthn-ceremonies';

const ORIGIN = 'https://app.example.com';

describe('WebAuthnCeremonies', () => {
  const config = { webauthn: { rpId: 'example.com', rpName: 'Example', origins: [ORIGIN] } } as AppConfig;
  const ceremonies = new WebAuthnCeremonies(config);

  async function creationOptions() {
    return ceremonies.registrationOptions({
      challenge: ceremonies.newChallenge(),
      userHandle: Buffer.alloc(32, 1),
      userName: 'alice@example.com',
      displayName: 'Alice',
      exclude: [],
    });
  }

  async function registered(authenticator = new SoftwareAuthenticator(ORIGIN)) {
    const options = await creationOptions();
    const credential = await ceremonies.verifyRegistration(authenticator.create(options), options.challenge);
    return { authenticator, credential: credential! };
  }

  it('asks for a resident key and user verification, and no attestation', async () => {
    const options = await creationOptions();
    expect(options).toMatchObject({
      rp: { id: 'example.com', name: 'Example' },
      user: {
        id: Buffer.alloc(32, 1).toString('base64url'),
        name: 'alice@example.com',
        displayName: 'Alice',
      },
      attestation: 'none',
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      },
      timeout: 300_000,
    });
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
  });

  it('verifies a registration and reads the credential out of it', async () => {
    const authenticator = new SoftwareAuthenticator(ORIGIN, { backedUp: true });
    const { credential } = await registered(authenticator);
    expect(credential).toEqual({
      credentialId: authenticator.credentialId,
      publicKey: expect.any(Buffer),
      signCount: 1,
      transports: ['internal', 'hybrid'],
      deviceType: 'multiDevice',
      backedUp: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
    });
  });

  it.each<[string, string, object]>([
    ['another origin', 'https://evil.example.net', {}],
    ['another RP id', ORIGIN, { rpId: 'example.net' }],
    ['no user verification', ORIGIN, { userVerified: false }],
    ['another challenge', ORIGIN, { challenge: Buffer.alloc(32).toString('base64url') }],
  ])('refuses a registration with %s', async (_, origin, wrong) => {
    const options = await creationOptions();
    const response = new SoftwareAuthenticator(origin).create(options, wrong);
    await expect(ceremonies.verifyRegistration(response, options.challenge)).resolves.toBeUndefined();
  });

  it('verifies an assertion and reports its counter', async () => {
    const { authenticator, credential } = await registered();
    const options = await ceremonies.signInOptions(ceremonies.newChallenge());
    const result = await ceremonies.verifyAssertion(
      authenticator.get(options),
      options.challenge,
      credential,
    );
    expect(result).toEqual({ signCount: 2, backedUp: false });
  });

  it('reports a counter that went backwards instead of refusing it: the caller judges it', async () => {
    const { authenticator, credential } = await registered();
    const options = await ceremonies.signInOptions(ceremonies.newChallenge());
    await ceremonies.verifyAssertion(
      authenticator.get(options, { signCount: 50 }),
      options.challenge,
      credential,
    );
    const again = await ceremonies.signInOptions(ceremonies.newChallenge());
    const stale = authenticator.get(again, { signCount: 3 });
    await expect(ceremonies.verifyAssertion(stale, again.challenge, credential)).resolves.toEqual({
      signCount: 3,
      backedUp: false,
    });
  });

  it.each<[string, string, object]>([
    ['another origin', 'https://evil.example.net', {}],
    ['another RP id', ORIGIN, { rpId: 'example.net' }],
    ['no user verification', ORIGIN, { userVerified: false }],
    ['another challenge', ORIGIN, { challenge: Buffer.alloc(32).toString('base64url') }],
    ['a bad signature', ORIGIN, { corruptSignature: true }],
  ])('refuses an assertion with %s', async (_, origin, wrong) => {
    const { authenticator, credential } = await registered(new SoftwareAuthenticator(origin));
    const options = await ceremonies.signInOptions(ceremonies.newChallenge());
    const response = authenticator.get(options, wrong);
    await expect(
      ceremonies.verifyAssertion(response, options.challenge, credential),
    ).resolves.toBeUndefined();
  });

  it('refuses an assertion signed by another key', async () => {
    const { credential } = await registered();
    const impostor = new SoftwareAuthenticator(ORIGIN);
    const options = await ceremonies.signInOptions(ceremonies.newChallenge());
    impostor.create(await creationOptions());
    const response = {
      ...impostor.get(options),
      id: credential.credentialId,
      rawId: credential.credentialId,
    };
    await expect(
      ceremonies.verifyAssertion(response, options.challenge, credential),
    ).resolves.toBeUndefined();
  });

  it('refuses a response that is not WebAuthn at all', async () => {
    const { credential } = await registered();
    const junk = {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    };
    await expect(ceremonies.verifyAssertion(junk, 'x', credential)).resolves.toBeUndefined();
  });
});
