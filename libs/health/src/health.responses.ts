import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

@ApiSchema({ name: 'DependencyStatus' })
class DependencyStatus {
  @ApiProperty({ enum: ['up', 'degraded', 'down'] })
  status!: string;

  @ApiPropertyOptional({
    example: 'redis is down; serving in degraded mode',
    description: 'A fixed sentence; the cause of a failure is logged, never shown here.',
  })
  message?: string;

  @ApiPropertyOptional({ enum: ['in-process'], description: 'Redis replaced by in-process stores.' })
  mode?: string;
}

@ApiSchema({ name: 'Dependencies' })
class Dependencies {
  @ApiPropertyOptional({ type: DependencyStatus })
  postgres?: DependencyStatus;

  @ApiPropertyOptional({ type: DependencyStatus, description: '`degraded` keeps the service ready.' })
  redis?: DependencyStatus;
}

/** The Terminus report of `/readyz`, with one entry per dependency. */
export class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'error', 'shutting_down'] })
  status!: string;

  @ApiPropertyOptional({ type: Dependencies, description: 'Dependencies that are up (or degraded).' })
  info?: Dependencies;

  @ApiPropertyOptional({ type: Dependencies, description: 'Dependencies that are down.' })
  error?: Dependencies;

  @ApiProperty({ type: Dependencies })
  details!: Dependencies;
}
