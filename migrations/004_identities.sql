-- Sign-in through OAuth 2.0 and OpenID Connect providers.

-- An account at a provider, linked to one of ours. The provider's subject id is what matches
-- a returning user; the email is what the provider asserted when the link was made.
CREATE TABLE identities (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider    text        NOT NULL,
  subject     text        NOT NULL,
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT identities_provider_subject_key UNIQUE (provider, subject),
  CONSTRAINT identities_subject_length CHECK (length(subject) BETWEEN 1 AND 255),
  CONSTRAINT identities_email_length CHECK (email IS NULL OR length(email) <= 254)
);
CREATE INDEX identities_user_idx ON identities (user_id);

-- An authorization attempt between /authorize and /callback. `state` and the browser binding
-- (the cookie) are stored as SHA-256 only; the PKCE verifier and nonce used with the provider
-- must be kept as they are for the exchange, for ten minutes at most.
CREATE TABLE oauth_transactions (
  state_hash     bytea       PRIMARY KEY,
  binding_hash   bytea       NOT NULL,
  provider       text        NOT NULL,
  nonce          text        NOT NULL,
  code_verifier  text        NOT NULL,
  redirect_to    text        NOT NULL,
  code_challenge text        NOT NULL,
  link_user_id   uuid        REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oauth_transactions_expires_idx ON oauth_transactions (expires_at);

-- Our one-time code handed to `redirect_to`, traded once at POST /v1/oauth/token by the client
-- holding the PKCE verifier of `code_challenge`. Stored as SHA-256 only.
CREATE TABLE oauth_codes (
  code_hash      bytea       PRIMARY KEY,
  user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider       text        NOT NULL,
  code_challenge text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oauth_codes_expires_idx ON oauth_codes (expires_at);

-- A signed-in user's request to link a provider, answered with a URL of /authorize that carries
-- the ticket: opening it in the browser starts the attempt there, bound to that browser and that
-- user. Single use, stored as SHA-256 only.
CREATE TABLE oauth_link_tickets (
  ticket_hash    bytea       PRIMARY KEY,
  user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider       text        NOT NULL,
  redirect_to    text        NOT NULL,
  code_challenge text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oauth_link_tickets_expires_idx ON oauth_link_tickets (expires_at);

-- A provider sign-in may be followed by the MFA step like a password.
ALTER TABLE mfa_challenges DROP CONSTRAINT mfa_challenges_first_factor_valid;
ALTER TABLE mfa_challenges ADD CONSTRAINT mfa_challenges_first_factor_valid
  CHECK (first_factor IN ('pwd', 'otp', 'oauth'));
