// Where `channelRules/diff` may read a sample from by path. The server's working
// folder is not the client's (an editor starts it wherever it likes), so a relative
// `sample.path` would name some other file or none: it is refused, naming the field,
// rather than resolved against a guess (VS Code sends the file's absolute fsPath).

import path from 'node:path';

/** Why the server will not read `samplePath`, or undefined when it will try. */
export function samplePathProblem(samplePath: string): string | undefined {
  return path.isAbsolute(samplePath) ? undefined : 'must be an absolute path (the server does not know the client’s working folder)';
}
