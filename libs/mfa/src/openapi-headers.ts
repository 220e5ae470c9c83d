import { bearerChallengeHeader } from '@app/core';

/** The challenge the MFA routes answer 401 and 403 with, as the OpenAPI document shows it. */
export const BEARER_CHALLENGE = bearerChallengeHeader(
  'With `unauthorized`: `Bearer realm="auth-service"` or `Bearer error="invalid_token"`; with ' +
    '`insufficient_aal`: `Bearer error="insufficient_user_authentication"`.',
);

export const SERVICE_UNAVAILABLE =
  '`service_unavailable`: the stored TOTP secrets cannot be decrypted (MFA_ENCRYPTION_KEY changed), ' +
  'or the database is unreachable; no code is accepted meanwhile.';
