import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { Machine } from './report';

export function loadAverage(): number {
  return loadavg()[0]!;
}

export function describeMachine(loadBefore: number): Machine {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadBefore,
    loadAfter: loadAverage(),
  };
}
