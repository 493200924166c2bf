// The web build's ./sample-path: the server in a web worker reads no file by path
// (engine/events/read-events.web refuses each one in one line), so none is refused
// here for being relative; its client sends the sample's URI, whose bytes it asks
// the client for (./sample-bytes-from-client), or its text.

export function samplePathProblem(_samplePath: string): string | undefined {
  return undefined;
}
