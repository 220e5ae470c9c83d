import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../load/load-run';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** One-minute load average before and after the run: other work on the machine skews the numbers. */
  loadBefore: number;
  loadAfter: number;
}

export interface Check {
  name: string;
  value: number;
  /** How `value` reads, e.g. `×` for a ratio or `req/s`. */
  unit: string;
  target: string;
  met: boolean;
}

export interface BenchReport {
  startedAt: string;
  machine: Machine;
  settings: Record<string, unknown>;
  rows: LoadResult[];
  limits: { bcryptComparesPerSecond: number; libuvPoolThreads: number };
  flood: {
    healthzBaseline: LoadResult;
    /** During logins of clients that honour Retry-After, and of clients that ignore it. */
    healthzDuringFlood: LoadResult;
    login: LoadResult;
    healthzDuringHammer: LoadResult;
    hammer: LoadResult;
  };
  refresh: Record<string, number>;
  peakRssMiB: number;
  checks: Check[];
}

const COLUMNS = ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors'];

export function formatTable(rows: LoadResult[]): string {
  const cells = rows.map((r) => [
    r.scenario,
    String(r.connections),
    r.rps.toFixed(r.rps < 100 ? 1 : 0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    String(r.errors),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatChecks(checks: Check[]): string {
  return checks
    .map((c) => {
      const value = c.unit === '×' ? `${c.value.toFixed(2)}×` : `${c.value.toFixed(1)} ${c.unit}`;
      return `${c.met ? 'met ' : 'MISS'}  ${c.name}: ${value} (target ${c.target})`;
    })
    .join('\n');
}

/** Writes the report under bench/results/ (ignored by git) and returns the file's path. */
export function writeReport(resultsDir: string, report: BenchReport): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
