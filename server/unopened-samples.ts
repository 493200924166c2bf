// The samples Check Workspace reads for rules files no editor has open: held while one
// run goes on (many files share one sample) and let go of when it ends. A run holds
// them under names of its own, not under the files' URIs (an open document's hold): a
// run cancelled while the next one, started at once, waits for the same sample, or a
// file opened and closed while a run waits for its sample, let go of their own hold
// only, and a read is stopped once no one waits for it (./sample-reads).

import type { CancellationToken } from 'vscode-languageserver';
import type { LoadedSample } from './sample-store-types';

let runs = 0;

export class UnopenedSamples {
  /** No URI holds a NUL: a holder is no document's, and no other run's. */
  private readonly run = `\u0000Check Workspace run ${++runs}`;
  private readonly held = new Set<string>();

  /**
   * `read` gives a file's sample held under `holder`, once read (throwing CancelledError
   * as soon as `token` is cancelled); `letGo` ends that hold.
   */
  constructor(
    private readonly read: (uri: string, holder: string, token: CancellationToken) => Promise<LoadedSample | undefined>,
    private readonly letGo: (uri: string, holder: string) => void,
  ) {}

  sampleFor(uri: string, token: CancellationToken): Promise<LoadedSample | undefined> {
    this.held.add(uri);
    return this.read(uri, this.holderOf(uri), token);
  }

  /** The run is over: each of its holds ends, a read stopping unless an open document or another run waits for it. */
  release(): void {
    for (const uri of this.held) this.letGo(uri, this.holderOf(uri));
    this.held.clear();
  }

  private holderOf(uri: string): string {
    return `${uri}${this.run}`;
  }
}
