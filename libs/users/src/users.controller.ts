import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AccessGuard,
  ApiProblemResponse,
  CurrentPrincipal,
  InvalidTokenException,
  type Principal,
} from '@app/core';
import { toUserDto, UserDto, UserResponse } from './user.dto';
import { UsersService } from './users.service';

const BEARER_CHALLENGE = {
  'WWW-Authenticate': {
    description: '`Bearer realm="auth-service"` (no token) or `Bearer error="invalid_token"`.',
    schema: { type: 'string' },
  },
};

const RATE_LIMIT_HEADERS = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    required: true,
    schema: { type: 'integer' },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed per window (per-IP limits).',
    schema: { type: 'integer' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the window (per-IP limits).',
    schema: { type: 'integer' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window resets (per-IP limits).',
    schema: { type: 'integer' },
  },
};

@ApiTags('user')
@ApiBearerAuth()
@Controller('user')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @UseGuards(AccessGuard)
  @ApiOperation({ summary: 'The signed-in user, read fresh from the database.' })
  @ApiOkResponse({ type: UserResponse, description: 'The account of the access token.' })
  @ApiProblemResponse(401, '`unauthorized`: no valid, live access token, or its account no longer exists.')
  @ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE })
  @ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  async me(@CurrentPrincipal() principal: Principal): Promise<UserDto> {
    const user = await this.users.findById(principal.userId);
    // A token outliving its account is as good as revoked.
    if (!user) throw new InvalidTokenException();
    return toUserDto(user);
  }
}
