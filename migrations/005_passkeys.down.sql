-- Undoes 005_passkeys.sql.
DROP TABLE IF EXISTS webauthn_challenges;
DROP TABLE IF EXISTS passkeys;
DROP TABLE IF EXISTS webauthn_user_handles;
