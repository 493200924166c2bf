// `--output FILE` naming one of the run's own inputs (`report r.channels --events
// e.ndjson -o e.ndjson`) would replace it with the output, silently: the events or the
// rules gone. It is refused before anything is read or written. The same file may be
// named in another spelling (`./e.ndjson`, an absolute path, a symbolic or hard link):
// paths are compared resolved, and files that exist by device and inode.

import fs from 'node:fs';
import { UsageError } from './command';
import { resolvePath } from '../engine/working-directory';

/** An input of the run: what it is in the message ("events file") and its path as given. */
export interface NamedInput {
  what: string;
  file: string;
}

/** Throws a UsageError when `output` (undefined: standard output) is one of `inputs`. */
export function refuseOutputOverInput(command: string, output: string | undefined, inputs: readonly NamedInput[]): void {
  if (output === undefined) return;
  const written = identity(output);
  for (const input of inputs) {
    if (input.file === '-') continue;
    const read = identity(input.file);
    if (read.resolved === written.resolved || (read.inode !== undefined && read.inode === written.inode)) {
      throw new UsageError(`${command}: --output ${output} would overwrite the ${input.what} ${input.file} (write the output to another file)`);
    }
  }
}

/** The file's absolute path, and its device and inode when it exists (through any links). */
function identity(file: string): { resolved: string; inode: string | undefined } {
  const resolved = resolvePath(file);
  let inode: string | undefined;
  try {
    // bigint: an inode number past 2^53 is not rounded into another file's.
    const stat = fs.statSync(resolved, { bigint: true });
    inode = `${stat.dev}:${stat.ino}`;
  } catch {
    inode = undefined;
  }
  return { resolved, inode };
}
