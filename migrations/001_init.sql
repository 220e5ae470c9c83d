-- Initial schema of the auth service.
-- Applied by `npm run migration:run` (recorded in schema_migrations) or, on an empty
-- database, as it is: psql "$DATABASE_URL" -f migrations/001_init.sql
-- Undone by 001_init.down.sql.

-- Accounts. `email` is stored trimmed, NFKC-normalised and lower-cased, so the unique
-- constraint is the case-insensitive one.
CREATE TABLE users (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text        NOT NULL,
  email_verified_at  timestamptz,
  phone              text,
  phone_verified_at  timestamptz,
  password_hash      text        NOT NULL,
  display_name       text,
  mfa_enabled        boolean     NOT NULL DEFAULT false,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_phone_key UNIQUE (phone),
  CONSTRAINT users_email_normalized CHECK (email = lower(email) AND email = btrim(email) AND length(email) BETWEEN 3 AND 254),
  CONSTRAINT users_phone_e164 CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{6,14}$'),
  CONSTRAINT users_display_name_length CHECK (display_name IS NULL OR length(display_name) <= 100)
);

-- A session is one sign-in (its id is the access token's `sid`); it ends when revoked or at
-- its absolute expiry, whatever the refresh activity.
CREATE TABLE sessions (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  aal            text        NOT NULL DEFAULT 'aal1',
  amr            text[]      NOT NULL DEFAULT '{}',
  ip             inet,
  user_agent     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_used_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text,
  CONSTRAINT sessions_aal_valid CHECK (aal IN ('aal1', 'aal2')),
  CONSTRAINT sessions_user_agent_length CHECK (user_agent IS NULL OR length(user_agent) <= 512)
);
CREATE INDEX sessions_user_active_idx ON sessions (user_id, created_at DESC) WHERE revoked_at IS NULL;

-- Refresh tokens are opaque; only their SHA-256 is stored. Each rotation consumes one token
-- (rotated_at) and issues its child; a session never has two live tokens. successor_ciphertext
-- holds the child encrypted under a key derived from this token, so that whoever presents this
-- token again within REFRESH_TOKEN_REUSE_INTERVAL can be given the session's current token,
-- while the database alone reveals no usable token.
CREATE TABLE refresh_tokens (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  parent_id   uuid        REFERENCES refresh_tokens (id) ON DELETE SET NULL,
  token_hash  bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  rotated_at  timestamptz,
  revoked_at  timestamptz,
  successor_ciphertext bytea,
  CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT refresh_tokens_token_hash_length CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_parent_idx ON refresh_tokens (parent_id);
CREATE UNIQUE INDEX refresh_tokens_one_live_per_session
  ON refresh_tokens (session_id) WHERE rotated_at IS NULL AND revoked_at IS NULL;

-- One-time codes (email and SMS). The code and the destination are stored only as keyed
-- hashes; the code hash is bound to purpose, channel and destination.
CREATE TABLE one_time_codes (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid        REFERENCES users (id) ON DELETE CASCADE,
  purpose          text        NOT NULL,
  channel          text        NOT NULL,
  destination_hash bytea       NOT NULL,
  code_hash        bytea       NOT NULL,
  attempts         integer     NOT NULL DEFAULT 0,
  max_attempts     integer     NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  consumed_at      timestamptz,
  invalidated_at   timestamptz,
  CONSTRAINT one_time_codes_purpose_valid CHECK (purpose IN ('verify', 'login', 'password_reset')),
  CONSTRAINT one_time_codes_channel_valid CHECK (channel IN ('email', 'sms')),
  CONSTRAINT one_time_codes_attempts_valid CHECK (attempts >= 0 AND max_attempts > 0)
);
CREATE UNIQUE INDEX one_time_codes_one_open_per_destination
  ON one_time_codes (purpose, channel, destination_hash)
  WHERE consumed_at IS NULL AND invalidated_at IS NULL;
CREATE INDEX one_time_codes_destination_recent_idx ON one_time_codes (destination_hash, created_at DESC);
CREATE INDEX one_time_codes_user_idx ON one_time_codes (user_id);
CREATE INDEX one_time_codes_expires_idx ON one_time_codes (expires_at);

-- TOTP factors. The secret is encrypted (AES-256-GCM: iv || tag || ciphertext);
-- last_used_step makes every accepted code single-use.
CREATE TABLE mfa_factors (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type              text        NOT NULL DEFAULT 'totp',
  status            text        NOT NULL DEFAULT 'pending',
  secret_ciphertext bytea       NOT NULL,
  last_used_step    bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  activated_at      timestamptz,
  CONSTRAINT mfa_factors_type_valid CHECK (type IN ('totp')),
  CONSTRAINT mfa_factors_status_valid CHECK (status IN ('pending', 'active'))
);
CREATE UNIQUE INDEX mfa_factors_one_per_user_and_status ON mfa_factors (user_id, type, status);

-- Recovery codes, stored hashed; each works once.
CREATE TABLE mfa_recovery_codes (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz,
  CONSTRAINT mfa_recovery_codes_user_code_key UNIQUE (user_id, code_hash)
);

-- The pending second step of a sign-in (`mfa_token`), stored hashed.
CREATE TABLE mfa_challenges (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   bytea       NOT NULL,
  first_factor text        NOT NULL,
  attempts     integer     NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  consumed_at  timestamptz,
  CONSTRAINT mfa_challenges_token_hash_key UNIQUE (token_hash),
  CONSTRAINT mfa_challenges_first_factor_valid CHECK (first_factor IN ('pwd', 'otp'))
);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);

-- Consecutive failed sign-ins per account, keyed by a keyed hash of the normalised address so
-- that unknown addresses are counted the same way and no address is stored here.
CREATE TABLE login_attempts (
  key_hash        bytea       PRIMARY KEY,
  failures        integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  last_failure_at timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT login_attempts_failures_valid CHECK (failures >= 0)
);
CREATE INDEX login_attempts_updated_idx ON login_attempts (updated_at);

-- What users and attackers did. Never holds a secret.
CREATE TABLE audit_events (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid        REFERENCES users (id) ON DELETE CASCADE,
  type       text        NOT NULL,
  ip         inet,
  user_agent text,
  request_id text,
  metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_user_created_idx ON audit_events (user_id, created_at DESC, id DESC);
CREATE INDEX audit_events_created_idx ON audit_events (created_at);
