import { CliOutput } from '../src/cli-output';

/** What a command printed, line by line. */
export class CapturedOutput implements CliOutput {
  readonly out: string[] = [];
  readonly err: string[] = [];
  info(line: string): void {
    this.out.push(line);
  }
  error(line: string): void {
    this.err.push(line);
  }
}
