// `--output FILE` naming one of the run's own inputs (`report r.channels --events
// e.ndjson -o e.ndjson`) would replace it with the output, silently: the events or the
// rules gone. It is refused before anything is read or written. The same file may be
// named in another spelling (`./e.ndjson`, an absolute path, a symbolic or hard link):
// files are compared as the kernel opens them (./file-identity), not by their resolved
// paths: `-o link/../e.ndjson` is the e.ndjson beside the link's target.

import { UsageError } from './command';
import { fileIdentity } from './file-identity';

/** An input of the run: what it is in the message ("events file") and its path as given. */
export interface NamedInput {
  what: string;
  file: string;
}

/** Throws a UsageError when `output` (undefined: standard output) is one of `inputs`. */
export function refuseOutputOverInput(command: string, output: string | undefined, inputs: readonly NamedInput[]): void {
  if (output === undefined) return;
  const written = fileIdentity(output);
  for (const input of inputs) {
    if (input.file === '-') continue;
    if (fileIdentity(input.file) === written) {
      throw new UsageError(`${command}: --output ${output} would overwrite the ${input.what} ${input.file} (write the output to another file)`);
    }
  }
}
