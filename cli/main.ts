// `channel-rules <command>`: dispatch, `--help`, and the one-line error policy.

import path from 'node:path';
import type { CommandIO } from './command';
import { HelpRequest, UsageError } from './command';
import { commands, type CommandEntry } from './commands';
import { VERSION } from '../engine/version';
import { maxOf } from '../engine/collections/append-all';
import { escapeLine } from './format/terminal-text';
import { startEarlyReadingThreads } from './early-reading-threads';
import { ALLOCATION_FAILED, outOfMemory } from '../engine/address-space';
import { isNoWorkingDirectoryError, RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY, workingDirectory } from '../engine/working-directory';

function topLevelHelp(): string {
  const width = maxOf(commands.map((command) => command.name.length));
  return [
    'Usage: channel-rules <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `channel-rules <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topLevelHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry: CommandEntry | undefined = commands.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    io.stderr.write(`channel-rules: unknown command "${escapeLine(name)}" (run channel-rules --help)\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    // By name: each command is its own bundle, with its own copy of the class. Help is
    // asked through the command's flag parsing, which alone tells an option `-h` from
    // the value of one (`--conversion -h`).
    if (error instanceof HelpRequest || (error instanceof Error && error.name === 'HelpRequest')) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    if (error instanceof UsageError || (error instanceof Error && error.name === 'UsageError')) {
      io.stderr.write(`channel-rules ${escapeLine(error.message)}\n`);
      return 2;
    }
    // An input past what a run holds (engine/collections/byte-interner): the user's to know, not an internal error.
    if (error instanceof Error && error.name === 'TooManyNamesError') {
      io.stderr.write(`channel-rules ${name}: ${escapeLine(error.message)}\n`);
      return 2;
    }
    // A relative path in a current directory that has been deleted (../engine/working-directory):
    // named when the command made it absolute (by name, as above: each bundle has its own
    // class), else Node's own error, which does not say the path.
    if (error instanceof Error && error.name === 'NoWorkingDirectoryError') {
      io.stderr.write(`channel-rules ${name}: ${escapeLine(error.message)}\n`);
      return 2;
    }
    if (isNoWorkingDirectoryError(error)) {
      io.stderr.write(`channel-rules ${name}: ${RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY}\n`);
      return 2;
    }
    // Memory the system refused (the input needs more than the process may have): not a fault of ours either.
    if (error instanceof RangeError && error.message === ALLOCATION_FAILED) {
      io.stderr.write(`channel-rules ${name}: ${outOfMemory('the run')}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`channel-rules ${name}: internal error: ${escapeLine(message)}\n`);
    if (io.env.CHANNEL_RULES_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
}

/** The process entry point (bin/channel-rules.js calls it). */
export function main(): void {
  // `channel-rules report … | head` closes the pipe early: that is not an error. Any
  // other failure to write the output (`> /dev/full`: ENOSPC, EIO, …) is: one line and
  // exit 2, never a stack trace nor exit 1 (which would read as "check failed").
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`channel-rules: cannot write the output: ${describeWriteError(error)}\n`);
    process.exit(2);
  });
  // Nowhere is left to say that stderr cannot be written (`2>/dev/full`, a closed
  // pipe): the run goes on and its exit code still tells, where an unhandled 'error'
  // would end it with a stack trace and exit 1.
  process.stderr.on('error', () => undefined);
  const [command, ...args] = process.argv.slice(2);
  // A deleted current directory (../engine/working-directory) fails only a run that
  // needs it: no early threads then (the events file may be relative), and the
  // command's own use of `cwd` throws Node's uv_cwd error, said in one line by runCli.
  const cwd = workingDirectory();
  if (cwd !== undefined) startEarlyReadingThreads(command, args, cwd, path.join(__dirname, 'range-worker.js'));
  runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    get cwd(): string {
      return process.cwd();
    },
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`channel-rules: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}

function describeWriteError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOSPC') return 'no space left on device (ENOSPC)';
  if (error.code === 'EIO') return 'input/output error (EIO)';
  if (error.code === 'EBADF') return 'standard output is closed (EBADF)';
  // node's message is "ENOSPC: no space left on device, write": keep the reason only.
  return error.message.split('\n')[0]!;
}
