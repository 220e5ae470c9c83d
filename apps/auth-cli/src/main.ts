import 'reflect-metadata';
import { readEnvironment } from '@app/core';
import { runCli } from './run-cli';

runCli(process.argv, readEnvironment()).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
