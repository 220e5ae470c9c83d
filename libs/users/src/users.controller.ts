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
  BEARER_CHALLENGE_HEADER,
  CurrentPrincipal,
  InvalidTokenException,
  RATE_LIMIT_HEADERS,
  type Principal,
} from '@app/core';
import { toUserDto, UserDto, UserResponse } from './user.dto';
import { UsersService } from './users.service';

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
  @ApiUnauthorizedResponse({ headers: BEARER_CHALLENGE_HEADER })
  @ApiProblemResponse(429, '`rate_limited`: too many requests from this IP address.')
  @ApiTooManyRequestsResponse({ headers: RATE_LIMIT_HEADERS })
  async me(@CurrentPrincipal() principal: Principal): Promise<UserDto> {
    const user = await this.users.findById(principal.userId);
    // A token outliving its account is as good as revoked.
    if (!user) throw new InvalidTokenException();
    return toUserDto(user);
  }
}
