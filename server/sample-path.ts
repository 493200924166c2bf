// Where `channelRules/diff` may read a sample from by path. The server's working
// folder is not the client's (an editor starts it wherever it likes), so a relative
// `sample.path` would name some other file or none: it is refused, naming the field,
// rather than resolved against a guess (VS Code sends the file's absolute fsPath).
// A `sample.uri` is the browser's server's (./sample-path.web): here the bytes the
// client would answer with cannot cross the JSON of stdio or IPC as bytes.

import path from 'node:path';

/** Why the server will not read `samplePath`, or undefined when it will try. */
export function samplePathProblem(samplePath: string): string | undefined {
  return path.isAbsolute(samplePath) ? undefined : 'must be an absolute path (the server does not know the client’s working folder)';
}

/** Why the server will not ask the client for the file `_sampleUri`, or undefined when it will. */
export function sampleUriProblem(_sampleUri: string): string | undefined {
  return 'is read through the client by the browser’s server only; send sample.path or sample.text';
}
