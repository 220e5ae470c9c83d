import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DEPENDENCY_MESSAGES } from './dependency-messages';
import { within } from './within';

/**
 * Postgres readiness: `SELECT 1` within the check's time. A failure answers a fixed message
 * and logs its cause once per distinct cause, so that a probe polling every few seconds during
 * an outage does not write a line each time.
 */
@Injectable()
export class PostgresHealthIndicator {
  private readonly logger = new Logger('Health');
  private lastCause: string | undefined;

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  async check(timeoutMs: number): Promise<HealthIndicatorResult<'postgres'>> {
    const session = this.health.check('postgres');
    try {
      await within(this.dataSource.query('SELECT 1'), timeoutMs);
      this.lastCause = undefined;
      return session.up();
    } catch (error) {
      const cause = (error as Error)?.message ?? String(error);
      if (cause !== this.lastCause) this.logger.warn(`readiness: postgres check failed (${cause})`);
      this.lastCause = cause;
      return session.down({ message: DEPENDENCY_MESSAGES.postgresDown });
    }
  }
}
