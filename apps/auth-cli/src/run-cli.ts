import type { LogLevel } from '@nestjs/common';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { AppConfig, ConfigError, Env, loadConfig } from '@app/core';
import { CliModule, CliModuleOptions } from './cli.module';
import { standardOutput } from './cli-output';
import { databaseSecrets, failureMessage } from './failure-message';

/** Commander reports a bad command line (or `--help`) as an error carrying its exit code. */
function isCommanderExit(error: unknown): error is Error & { exitCode: number } {
  const { code, exitCode } = error as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number';
}

/** Framework chatter stays quiet unless LOG_LEVEL asks for it: the commands print their results. */
function logLevels(level: string): LogLevel[] | false {
  if (level === 'silent') return false;
  if (level === 'debug' || level === 'trace') return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  return ['fatal', 'error'];
}

/**
 * Runs one command line (`argv` as in `process.argv`) and resolves to the process exit code:
 * 0 on success, otherwise non-zero after one line on standard error.
 */
export async function runCli(argv: string[], env: Env, options: CliModuleOptions = {}): Promise<number> {
  const output = options.output ?? standardOutput;
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.error(error.message);
    return 1;
  }

  let exitCode = 0;
  const fail = (error: unknown): void => {
    if (isCommanderExit(error)) {
      exitCode = error.exitCode;
      return;
    }
    output.error(`error: ${failureMessage(error, databaseSecrets(config.database.url))}`);
    exitCode = 1;
  };
  try {
    const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, { ...options, output }), {
      cliName: 'auth-cli',
      logger: logLevels(config.logLevel),
      abortOnError: false,
      errorHandler: (error) => {
        throw error;
      },
      serviceErrorHandler: fail,
      outputConfiguration: {
        writeOut: (text) => output.info(text.trimEnd()),
        writeErr: (text) => output.error(text.trimEnd()),
      },
    });
    // Commander names the program after the script file (`main.js`) unless told otherwise.
    const [runtime = 'node', , ...args] = argv;
    try {
      await app.get(CommandRunnerService).run([runtime, 'auth-cli', ...args]);
    } finally {
      await app.close();
    }
  } catch (error) {
    fail(error);
  }
  return exitCode;
}
