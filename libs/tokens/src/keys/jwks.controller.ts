import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { SkipRateLimits } from '@app/core';
import { PublicJwkSet } from '../dto/responses';
import { SigningKeys } from './signing-keys';

@ApiTags('gateway')
@SkipRateLimits()
@Controller('.well-known/jwks.json')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens, retiring keys included' })
  @ApiOkResponse({
    type: PublicJwkSet,
    description: 'A JSON Web Key Set (RFC 7517).',
    headers: {
      'Cache-Control': { description: '`public, max-age=300`', required: true, schema: { type: 'string' } },
    },
  })
  jwks(): JSONWebKeySet {
    return this.keys.jwks();
  }
}
