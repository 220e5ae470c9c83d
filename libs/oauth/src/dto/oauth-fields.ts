import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { MayBeAbsent } from '@app/core';

/** `redirect_to`: checked against OAUTH_REDIRECT_ALLOWLIST by the service (400 `invalid_redirect`). */
export const RedirectToField = () =>
  applyDecorators(
    ApiProperty({
      maxLength: 2048,
      example: 'https://app.example.com/auth/callback',
      description:
        'Where the browser is sent back with `code` (or `error`); must match OAUTH_REDIRECT_ALLOWLIST.',
    }),
    IsString(),
    MaxLength(2048),
  );

/** An S256 challenge is 43 base64url characters, whatever the verifier. */
export const CodeChallengeField = () =>
  applyDecorators(
    ApiProperty({
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: "base64url(SHA-256(code_verifier)) of the client's PKCE verifier (RFC 7636 S256).",
    }),
    IsString(),
    Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code_challenge must be 43 base64url characters (S256)' }),
  );

export const CodeChallengeMethodField = () =>
  applyDecorators(
    ApiProperty({ enum: ['S256'], required: false, default: 'S256' }),
    MayBeAbsent(),
    IsIn(['S256'], { message: 'code_challenge_method must be S256' }),
  );

/** RFC 7636: 43 to 128 characters of the unreserved set. */
export const CodeVerifierField = () =>
  applyDecorators(
    ApiProperty({
      minLength: 43,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._~-]{43,128}$',
      description: 'The PKCE verifier.',
    }),
    IsString(),
    Matches(/^[A-Za-z0-9._~-]{43,128}$/, {
      message: 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~',
    }),
  );
