import type { OAuthSettings } from './oauth-config';
import type { AdminApiKey } from './admin-config';
import type { RateLimit, RateLimitName } from './rate-limits';
import type { WebhookConfig } from './webhook-config';

export type NodeEnv = 'development' | 'test' | 'production';
export type JwtAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'HS256';
export type MailProvider = 'smtp' | 'console';
export type SmsProvider = 'twilio' | 'webhook' | 'console';

/** `false`, a number of proxy hops, or a list of CIDRs whose forwarding headers are believed. */
export type TrustProxy = false | number | string[];

export type RateLimits = { enabled: boolean } & Record<RateLimitName, RateLimit>;

/**
 * The validated configuration of one process. Built once by `loadConfig` from the environment;
 * every other part of the service receives it through dependency injection.
 */
export abstract class AppConfig {
  abstract readonly nodeEnv: NodeEnv;
  abstract readonly isProduction: boolean;
  abstract readonly host: string;
  abstract readonly port: number;
  abstract readonly logLevel: string;
  abstract readonly dataDir: string;

  abstract readonly database: {
    /** Unset means the embedded Postgres under `dataDir`. */
    url: string | undefined;
    poolSize: number;
    migrateOnStart: boolean;
    /** Milliseconds to wait for a connection or a statement before failing with 503. */
    connectTimeoutMs: number;
    statementTimeoutMs: number;
  };

  abstract readonly redis: {
    /** Unset means in-process stores (single instance only). */
    url: string | undefined;
    /** Prefix of every key this process writes. */
    keyPrefix: string;
    commandTimeoutMs: number;
  };

  abstract readonly jwt: {
    algorithm: JwtAlgorithm;
    privateKey: string | undefined;
    keyId: string | undefined;
    publicKeysFile: string | undefined;
    secret: string | undefined;
    issuer: string;
    audience: string;
    accessTokenTtl: number;
    /** Verified access tokens kept per instance (0: every presentation is verified afresh). */
    accessTokenCacheSize: number;
    refreshTokenTtl: number;
    refreshTokenReuseInterval: number;
    mfaTokenTtl: number;
  };

  abstract readonly passwords: {
    bcryptCost: number;
    minLength: number;
    requireEmailVerification: boolean;
  };

  abstract readonly otp: {
    length: number;
    ttl: number;
    maxAttempts: number;
    resendInterval: number;
    dailyLimitPerDestination: number;
  };

  abstract readonly mail: {
    provider: MailProvider;
    smtpUrl: string | undefined;
    from: string;
  };

  abstract readonly sms: {
    provider: SmsProvider;
    twilioAccountSid: string | undefined;
    twilioAuthToken: string | undefined;
    twilioFrom: string | undefined;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
  };

  /** Base64 of 32 bytes; unset in development means one generated into `dataDir`. */
  abstract readonly mfaEncryptionKey: string | undefined;

  abstract readonly http: {
    trustProxy: TrustProxy;
    corsOrigins: string[];
    bodyLimitBytes: number;
  };

  abstract readonly rateLimits: RateLimits;
  abstract readonly shutdownDrainMs: number;
  abstract readonly auditRetentionDays: number;
  abstract readonly metricsToken: string | undefined;
  abstract readonly oauth: OAuthSettings;

  /** `PUBLIC_URL`, without a trailing slash. */
  abstract readonly publicUrl: string;

  abstract readonly admin: {
    /** `ADMIN_API_KEYS`; empty means the admin API is off (every `/admin/` path answers 404). */
    apiKeys: readonly AdminApiKey[];
  };

  abstract readonly webhooks: WebhookConfig;

  abstract readonly webauthn: {
    /** The relying party id: a domain that every allowed origin lies on. */
    rpId: string;
    rpName: string;
    /** Origins whose pages may use passkeys, exactly as client data carries them. */
    origins: string[];
  };
}
