// The web build's ./sample-store: the server in a web worker has no file system, and
// reading sample events through the client is not done yet, so in the browser the
// rules are checked without sample events (no field completion from the sample, no
// event counts in code lenses). The preview reads its samples itself (through the
// editor). README "In the browser".

import type { LoadedSample } from './sample-store';
import type { Logger } from './safe-handler';

export { eventSourceOptionsOf, MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

export class SampleStore {
  private told = false;

  constructor(private readonly logger: Logger) {}

  resolve(_documentUri: string, _setting: string, _workspaceFolders: readonly string[]): Promise<string | undefined> {
    if (!this.told) {
      this.told = true;
      this.logger.info('sample events: not available to the language server in the browser yet (the preview reads them)');
    }
    return Promise.resolve(undefined);
  }

  async get(file: string, _options: unknown = {}): Promise<{ sample: LoadedSample } | { error: string; file: string }> {
    return { error: 'sample events: not available in the browser yet', file };
  }
}
