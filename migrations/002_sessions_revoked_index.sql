-- Recently revoked sessions are read back into Redis at start-up and after every Redis outage
-- (WHERE revoked_at >= now() - access token lifetime); this keeps that a short index scan.
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
