import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MayBeAbsent } from '@app/core';

export const LOGOUT_SCOPES = ['local', 'others', 'global'] as const;
export type LogoutScope = (typeof LOGOUT_SCOPES)[number];

export class LogoutDto {
  @ApiPropertyOptional({
    enum: LOGOUT_SCOPES,
    default: 'local',
    description: '`local`: this session; `others`: every other session; `global`: all sessions.',
  })
  @MayBeAbsent()
  @IsIn(LOGOUT_SCOPES)
  scope?: LogoutScope;
}
