// The web build's ./analyser: the language server already runs in a web worker (the
// editor's UI never waits for it), so the analysis runs on its thread. It yields
// between steps (engine/cancellation), so requests get through, but a long analysis
// delays them more than with Node's worker threads.

import type { Logger } from './safe-handler';
import type { Analyser } from './analyser-interface';
import { InThreadAnalyser } from './in-thread-analyser';

export type { AnalyseOptions, Analyser, Running } from './analyser-interface';
export { InThreadAnalyser } from './in-thread-analyser';

export function createAnalyser(_logger: Logger): Analyser {
  return new InThreadAnalyser();
}
