import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { DEPENDENCY_MESSAGES } from './dependency-messages';

const FIXED_MESSAGES = new Set<string>(Object.values(DEPENDENCY_MESSAGES));

/**
 * The report as `/readyz` shows it: each dependency's name, status, mode and one of the fixed
 * messages, nothing else. An indicator that puts a driver's error (or any other detail) into
 * its result cannot reach the public port this way.
 */
export function publicReport(report: HealthCheckResult): HealthCheckResult {
  return {
    status: report.status,
    info: report.info && entries(report.info),
    error: report.error && entries(report.error),
    details: entries(report.details),
  };
}

function entries(results: Partial<HealthIndicatorResult>): HealthIndicatorResult {
  const shown: HealthIndicatorResult = {};
  for (const [name, result] of Object.entries(results)) {
    if (!result) continue;
    const { status, message, mode } = result;
    shown[name] = {
      status,
      ...(typeof mode === 'string' && { mode }),
      ...(message !== undefined && { message: fixedMessage(name, status, message) }),
    };
  }
  return shown;
}

function fixedMessage(name: string, status: string, message: unknown): string {
  return typeof message === 'string' && FIXED_MESSAGES.has(message) ? message : `${name} is ${status}`;
}
