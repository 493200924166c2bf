// Standard input as a command's input (`--events -`, `import -`): a shell can make it a
// directory (`< /tmp`), which Node reads as an input that ends at once (an empty report,
// exit 0) or as EISDIR (an internal error). Said in one line instead, exit 2.

import fs from 'node:fs';
import { UsageError } from './command';

/** Throws the usage error when file descriptor 0 is a directory. */
export function checkStandardInput(command: string): void {
  let isDirectory = false;
  try {
    isDirectory = fs.fstatSync(0).isDirectory();
  } catch {
    // No descriptor 0 to look at: reading it says what is wrong.
  }
  if (isDirectory) throw new UsageError(`${command}: cannot read standard input: it is a directory`);
}
