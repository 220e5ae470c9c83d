import { randomBytes } from 'node:crypto';
import { Command, CommandRunner } from 'nest-commander';
import { isAdminKeyName } from '@app/core';
import { CliOutput } from '../cli-output';

/** Prints a new admin API key in the `name:key` form of ADMIN_API_KEYS (32 random bytes, base64url). */
@Command({
  name: 'admin-key:generate',
  arguments: '[name]',
  description: 'print a random admin API key as name:key, to add to ADMIN_API_KEYS',
})
export class AdminKeyGenerateCommand extends CommandRunner {
  constructor(private readonly output: CliOutput) {
    super();
  }

  async run([name = 'admin']: string[]): Promise<void> {
    if (!isAdminKeyName(name)) {
      throw new Error(
        'the name must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit',
      );
    }
    this.output.info(`${name}:${randomBytes(32).toString('base64url')}`);
  }
}
