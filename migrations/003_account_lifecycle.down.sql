-- Undoes 003_account_lifecycle.sql. Accounts without a password and audit events of deleted
-- accounts cannot be kept by the older schema: they are removed.
DROP TABLE IF EXISTS deleted_sessions;

DELETE FROM audit_events e WHERE e.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_id);
ALTER TABLE audit_events
  ADD CONSTRAINT audit_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

DELETE FROM one_time_codes WHERE purpose IN ('email_change', 'phone_change');
ALTER TABLE one_time_codes
  DROP CONSTRAINT one_time_codes_purpose_valid,
  ADD CONSTRAINT one_time_codes_purpose_valid CHECK (purpose IN ('verify', 'login', 'password_reset'));

DROP INDEX IF EXISTS users_email_prefix_idx;
DROP INDEX IF EXISTS users_created_idx;

DELETE FROM users WHERE password_hash IS NULL;
ALTER TABLE users
  DROP CONSTRAINT IF EXISTS users_disabled_reason_length,
  DROP CONSTRAINT IF EXISTS users_app_metadata_size,
  DROP CONSTRAINT IF EXISTS users_app_metadata_object,
  DROP COLUMN IF EXISTS disabled_reason,
  DROP COLUMN IF EXISTS disabled,
  DROP COLUMN IF EXISTS last_sign_in_at,
  DROP COLUMN IF EXISTS app_metadata,
  ALTER COLUMN password_hash SET NOT NULL;
