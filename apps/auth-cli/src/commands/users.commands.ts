import { Command, CommandRunner, Option } from 'nest-commander';
import { AppException } from '@app/core';
import { CliAccounts, CLI_ACTOR, CLI_CLIENT } from '../cli-accounts';
import { CliInput } from '../cli-input';
import { CliOutput } from '../cli-output';

interface CreateOptions {
  passwordStdin?: boolean;
  phone?: string;
  displayName?: string;
  emailVerified?: boolean;
}

/** An AppException as the one line an operator reads (`weak_password: ...`). */
async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppException) throw new Error(`${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
}

@Command({
  name: 'users:create',
  arguments: '<email>',
  description: 'create an account (no password unless --password-stdin); prints its id',
})
export class UsersCreateCommand extends CommandRunner {
  constructor(
    private readonly accounts: CliAccounts,
    private readonly input: CliInput,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([email]: string[], options: CreateOptions = {}): Promise<void> {
    const password = options.passwordStdin ? (await this.input.readAll()).replace(/\r?\n$/, '') : undefined;
    const { administration } = await this.accounts.services();
    const user = await explained(() =>
      administration.create(
        {
          email: email!,
          password,
          phone: options.phone,
          displayName: options.displayName,
          emailVerified: options.emailVerified,
        },
        CLI_ACTOR,
        CLI_CLIENT,
      ),
    );
    this.output.info(`created ${user.id} ${user.email}${user.passwordHash === null ? ' (no password)' : ''}`);
  }

  @Option({
    flags: '--password-stdin',
    description: 'read the password from standard input (never from the command line)',
  })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Option({ flags: '--phone <e164>', description: 'phone number in international form' })
  parsePhone(value: string): string {
    return value;
  }

  @Option({ flags: '--display-name <name>', description: 'name to show' })
  parseDisplayName(value: string): string {
    return value;
  }

  @Option({ flags: '--email-verified', description: 'mark the email as already verified' })
  parseEmailVerified(): boolean {
    return true;
  }
}

@Command({
  name: 'users:disable',
  arguments: '<id-or-email>',
  description: 'disable an account: every session ends at once and every sign-in is refused',
})
export class UsersDisableCommand extends CommandRunner {
  constructor(
    private readonly accounts: CliAccounts,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([idOrEmail]: string[], options: { reason?: string } = {}): Promise<void> {
    const { administration, find } = await this.accounts.services();
    const user = await find(idOrEmail!);
    await explained(() =>
      administration.setDisabled(user.id, true, options.reason ?? null, CLI_ACTOR, CLI_CLIENT),
    );
    this.output.info(`disabled ${user.id} ${user.email}`);
  }

  @Option({ flags: '--reason <text>', description: 'why (for operators; never shown to the user)' })
  parseReason(value: string): string {
    return value;
  }
}

@Command({ name: 'users:enable', arguments: '<id-or-email>', description: 'enable a disabled account again' })
export class UsersEnableCommand extends CommandRunner {
  constructor(
    private readonly accounts: CliAccounts,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([idOrEmail]: string[]): Promise<void> {
    const { administration, find } = await this.accounts.services();
    const user = await find(idOrEmail!);
    await explained(() => administration.setDisabled(user.id, false, null, CLI_ACTOR, CLI_CLIENT));
    this.output.info(`enabled ${user.id} ${user.email}`);
  }
}

@Command({
  name: 'users:delete',
  arguments: '<id-or-email>',
  description: 'delete an account and its personal data (needs --yes); every session ends at once',
})
export class UsersDeleteCommand extends CommandRunner {
  constructor(
    private readonly accounts: CliAccounts,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([idOrEmail]: string[], options: { yes?: boolean } = {}): Promise<void> {
    if (!options.yes) throw new Error('deleting an account cannot be undone: repeat with --yes');
    const { deletion, find } = await this.accounts.services();
    const user = await find(idOrEmail!);
    await explained(() => deletion.delete(user.id, { by: 'admin', actor: CLI_ACTOR, client: CLI_CLIENT }));
    this.output.info(`deleted ${user.id}`);
  }

  @Option({ flags: '--yes', description: 'confirm the deletion' })
  parseYes(): boolean {
    return true;
  }
}
