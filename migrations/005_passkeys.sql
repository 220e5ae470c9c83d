-- Passkeys (WebAuthn credentials) and the challenges of their ceremonies.

-- The WebAuthn user handle of each account: random and stable, never the email or the user id,
-- so that an authenticator's list of accounts says nothing about them.
CREATE TABLE webauthn_user_handles (
  user_id    uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  handle     bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webauthn_user_handles_handle_key UNIQUE (handle)
);

CREATE TABLE passkeys (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- base64url, as the credential's `id` is sent by browsers
  credential_id text        NOT NULL,
  -- COSE-encoded, as the authenticator produced it
  public_key    bytea       NOT NULL,
  sign_count    bigint      NOT NULL DEFAULT 0,
  transports    text[]      NOT NULL DEFAULT '{}',
  device_type   text        NOT NULL,
  backed_up     boolean     NOT NULL DEFAULT false,
  aaguid        uuid        NOT NULL,
  name          text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  CONSTRAINT passkeys_credential_id_key UNIQUE (credential_id),
  CONSTRAINT passkeys_sign_count_valid CHECK (sign_count >= 0),
  CONSTRAINT passkeys_device_type_valid CHECK (device_type IN ('singleDevice', 'multiDevice')),
  CONSTRAINT passkeys_name_length CHECK (length(name) BETWEEN 1 AND 100)
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id);

-- One ceremony's challenge: single use, short-lived, bound to what it was issued for.
-- `user_id` is the account it is bound to (registration, second factor, sign-in naming an email);
-- a sign-in naming an email no account holds is bound to nobody and accepts no credential.
CREATE TABLE webauthn_challenges (
  id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose          text        NOT NULL,
  challenge        text        NOT NULL,
  user_id          uuid        REFERENCES users (id) ON DELETE CASCADE,
  mfa_challenge_id uuid        REFERENCES mfa_challenges (id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  consumed_at      timestamptz,
  CONSTRAINT webauthn_challenges_purpose_valid
    CHECK (purpose IN ('registration', 'sign_in', 'sign_in_user', 'second_factor'))
);
CREATE INDEX webauthn_challenges_user_idx ON webauthn_challenges (user_id);
CREATE INDEX webauthn_challenges_expires_idx ON webauthn_challenges (expires_at);
