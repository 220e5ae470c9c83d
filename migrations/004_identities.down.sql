-- Undoes 004_identities.sql.
DELETE FROM mfa_challenges WHERE first_factor = 'oauth';
ALTER TABLE mfa_challenges DROP CONSTRAINT mfa_challenges_first_factor_valid;
ALTER TABLE mfa_challenges ADD CONSTRAINT mfa_challenges_first_factor_valid
  CHECK (first_factor IN ('pwd', 'otp'));
DROP TABLE IF EXISTS oauth_link_tickets;
DROP TABLE IF EXISTS oauth_codes;
DROP TABLE IF EXISTS oauth_transactions;
DROP TABLE IF EXISTS identities;
