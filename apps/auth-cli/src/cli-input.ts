/** Where commands read secrets from: standard input, never the command line (shell history, `ps`). */
export abstract class CliInput {
  abstract readAll(): Promise<string>;
}

export const standardInput: CliInput = {
  readAll: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
