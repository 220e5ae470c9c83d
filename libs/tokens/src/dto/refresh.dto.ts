import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TokenRefreshDto {
  @ApiProperty({ description: 'The refresh token of the session.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  refresh_token!: string;
}
