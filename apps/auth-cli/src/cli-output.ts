/** Where the commands write: results to standard output, failures to standard error. */
export abstract class CliOutput {
  abstract info(line: string): void;
  abstract error(line: string): void;
}

export const standardOutput: CliOutput = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
