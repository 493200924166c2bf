// The shape every `channel-rules` command has. Commands parse their own flags with
// node's util.parseArgs (via ./args), write results to stdout, and return the exit
// code (SPEC §7): 0 success, 1 a check failed, 2 bad usage or unreadable input.
// Usage errors are thrown as UsageError and printed as one line by ./main; a request
// for help is thrown as HelpRequest, answered with the command's help by ./main.

export interface Command {
  name: string;
  /** One line for `channel-rules --help`. */
  summary: string;
  /** The full `--help` text of the command. */
  help: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}

export interface CommandIO {
  /** Standard input (`--events -`). */
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Bad usage or unreadable input: exit 2 with this one-line message, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `-h` or `--help` in an option's place among the command's arguments. Thrown by the
 * flag parsing (./args), which alone knows which arguments are the values of options.
 */
export class HelpRequest extends Error {
  constructor() {
    super('help');
    this.name = 'HelpRequest';
  }
}
