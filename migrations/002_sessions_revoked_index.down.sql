-- Undoes 002_sessions_revoked_index.sql.
DROP INDEX IF EXISTS sessions_revoked_at_idx;
