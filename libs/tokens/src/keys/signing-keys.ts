import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, importJWK, JWK, JSONWebKeySet } from 'jose';
import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppConfig, JwtAlgorithm, readOrCreateSecretFile } from '@app/core';
import { acceptedHeader } from '../jwt/access-token-rules';
import { assertKeyFits, generateKeyMaterial, parsePrivateKey } from './key-material';

/** Parsed once at start-up: jsonwebtoken is handed these objects, never PEM text to parse again. */
export interface VerificationKey {
  algorithm: JwtAlgorithm;
  key: KeyObject;
}

/**
 * The access-token signing key (JWT_PRIVATE_KEY[_FILE], JWT_SECRET, or a development key kept in
 * DATA_DIR) with its `kid`, and every key that verifies: the signing key plus the retiring keys of
 * JWT_PUBLIC_KEYS_FILE. All of it is loaded once at start-up.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private readonly logger = new Logger(SigningKeys.name);
  readonly algorithm: JwtAlgorithm;
  private signing!: { kid: string; key: KeyObject };
  private readonly verification = new Map<string, VerificationKey>();
  private published: JWK[] = [];

  constructor(private readonly config: AppConfig) {
    this.algorithm = config.jwt.algorithm;
  }

  async onModuleInit(): Promise<void> {
    const { algorithm } = this;
    if (algorithm === 'HS256') {
      const secret = this.config.jwt.secret ?? this.developmentMaterial('jwt-hs256.secret');
      const key = createSecretKey(Buffer.from(secret, 'utf8'));
      const kid = this.config.jwt.keyId ?? (await calculateJwkThumbprint(await exportJWK(key)));
      this.signing = { kid, key };
      this.verification.set(kid, { algorithm, key });
      return;
    }
    const pem = this.config.jwt.privateKey ?? this.developmentMaterial(`jwt-${algorithm.toLowerCase()}.pem`);
    const privateKey = parsePrivateKey(pem);
    assertKeyFits(algorithm, privateKey);
    const publicJwk = await exportJWK(createPublicKey(privateKey));
    const kid = this.config.jwt.keyId ?? (await calculateJwkThumbprint(publicJwk));
    this.signing = { kid, key: privateKey };
    this.verification.set(kid, { algorithm, key: createPublicKey(privateKey) });
    this.published = [{ ...publicJwk, kid, alg: algorithm, use: 'sig' }];
    await this.loadRetiringKeys();
  }

  get signingKid(): string {
    return this.signing.kid;
  }

  get signingKey(): KeyObject {
    return this.signing.key;
  }

  /** The key that verifies this token, if its header is one the service writes and names a known `kid`. */
  keyForToken(token: string): KeyObject | undefined {
    const header = acceptedHeader(token, this.algorithm);
    return header && this.verificationKey(header.kid, header.alg)?.key;
  }

  /** The key for a token's `kid`, only if it belongs to the configured algorithm. */
  verificationKey(kid: string | undefined, algorithm: string | undefined): VerificationKey | undefined {
    if (kid === undefined) return undefined;
    const entry = this.verification.get(kid);
    return entry && entry.algorithm === algorithm && algorithm === this.algorithm ? entry : undefined;
  }

  /** The public keys for `/.well-known/jwks.json` (none for HS256: a shared secret is never published). */
  jwks(): JSONWebKeySet {
    return { keys: this.published };
  }

  private developmentMaterial(file: string): string {
    const { value, created } = readOrCreateSecretFile(this.config.dataDir, file, () =>
      generateKeyMaterial(this.algorithm),
    );
    if (created)
      this.logger.warn(`generated a development ${this.algorithm} signing key in ${this.config.dataDir}`);
    return value;
  }

  private async loadRetiringKeys(): Promise<void> {
    const file = this.config.jwt.publicKeysFile;
    if (!file) return;
    const set = JSON.parse(readFileSync(file, 'utf8')) as { keys?: JWK[] };
    for (const jwk of set.keys ?? []) {
      if (!jwk.kid || this.verification.has(jwk.kid)) continue;
      const algorithm = (jwk.alg ?? this.algorithm) as JwtAlgorithm;
      if (algorithm !== this.algorithm) {
        this.logger.warn(
          `JWT_PUBLIC_KEYS_FILE key ${jwk.kid} is ${algorithm}, not ${this.algorithm}: skipped`,
        );
        continue;
      }
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...publicPart } = jwk;
      const imported = await importJWK(publicPart, algorithm);
      const key = imported instanceof Uint8Array ? createSecretKey(imported) : KeyObject.from(imported);
      this.verification.set(jwk.kid, { algorithm, key });
      this.published.push({ ...publicPart, alg: algorithm, use: 'sig' });
    }
  }
}
