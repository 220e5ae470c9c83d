-- Account lifecycle: accounts without a password (social sign-in, passkeys, accounts an
-- operator creates), operator-owned metadata copied into access tokens, the time of the last
-- sign-in, disabled accounts, and an audit trail that outlives the account it describes.
-- Undone by 003_account_lifecycle.down.sql.

ALTER TABLE users
  ALTER COLUMN password_hash DROP NOT NULL,
  ADD COLUMN app_metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN last_sign_in_at timestamptz,
  ADD COLUMN disabled        boolean     NOT NULL DEFAULT false,
  ADD COLUMN disabled_reason text,
  -- The 4 KiB are counted on the stored rendering; the service refuses larger values first.
  ADD CONSTRAINT users_app_metadata_object CHECK (jsonb_typeof(app_metadata) = 'object'),
  ADD CONSTRAINT users_app_metadata_size CHECK (octet_length(app_metadata::text) <= 4096),
  ADD CONSTRAINT users_disabled_reason_length CHECK (disabled_reason IS NULL OR length(disabled_reason) <= 500);

-- Codes that confirm the new email address or phone number of a signed-in account.
ALTER TABLE one_time_codes
  DROP CONSTRAINT one_time_codes_purpose_valid,
  ADD CONSTRAINT one_time_codes_purpose_valid
    CHECK (purpose IN ('verify', 'login', 'password_reset', 'email_change', 'phone_change'));

-- The admin API lists accounts newest first (keyset over created_at, id) and searches by email prefix.
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);
CREATE INDEX users_email_prefix_idx ON users (email text_pattern_ops);

-- An account's deletion is recorded on it (`user.deleted`, `admin.user_deleted`) and must survive
-- it, so audit events keep the user id without a foreign key. The deletion itself removes the
-- account's earlier events, which carry its addresses and devices.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_user_id_fkey;

-- Sessions of deleted accounts, which leave the sessions table with their account: instances that
-- start (or reload their revocations) while access tokens of those sessions may still be alive
-- learn of them here. Rows older than the longest access token lifetime are purged.
CREATE TABLE deleted_sessions (
  id         uuid        PRIMARY KEY,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deleted_sessions_revoked_at_idx ON deleted_sessions (revoked_at);
