import { ApiProperty } from '@nestjs/swagger';

export class CodeSent {
  @ApiProperty({ type: 'integer', description: 'Seconds the code lives (OTP_TTL).', example: 600 })
  expires_in!: number;
}
