// The web build's ./sample-store: the server in a web worker has no file system, so
// it asks the client (custom requests of ./custom-protocol, answered by
// client/sample-files-for-server.ts through vscode.workspace.fs): where the rules
// file's sample is (found as the preview finds it) and, when it is new or changed,
// its bytes, read from memory by the engine's web readers (every format, gz and zip
// too; engine/events/read-event-bytes) with the same settings (channelRules.eventSource,
// fieldMap, timeUnit). Completion then offers the sample's values and code lenses count
// its events, as on the desktop.

import type { Connection } from 'vscode-languageserver';
import { readsTypedTimesAsText, type EventSourceOptions } from '../engine/events/event-source';
import { MAX_IN_MEMORY_ENTRY } from '../engine/events/in-memory-limits';
import { readEventFileBytes } from '../engine/events/read-event-bytes';
import {
  READ_SAMPLE_REQUEST,
  SAMPLE_FILE_REQUEST,
  type ReadSampleParams,
  type ReadSampleResult,
  type SampleFileParams,
  type SampleFileResult,
} from './custom-protocol';
import type { Logger } from './safe-handler';
import { collectSample } from './sample-loading';
import type { LoadedSample } from './sample-store-types';

export { eventSourceOptionsOf, MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

/** How long an answer about where the sample is (and its modification time) is trusted. */
const LOOKUP_INTERVAL_MS = 1000;

type Loaded = LoadedSample | { error: string; file: string };

export class SampleStore {
  private readonly loads = new Map<string, { mtime: number; result: Promise<Loaded> }>();
  private readonly resolved = new Map<string, { checkedAt: number; file: Promise<string | undefined> }>();
  /** The newest modification time the client gave for each sample file. */
  private readonly mtimes = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly connection?: Connection,
  ) {}

  /**
   * The sample file (a URI) for a rules document, or undefined. Asked of the client at
   * most once a second per document; meanwhile the previous answer stands.
   */
  resolve(documentUri: string, _setting: string, _workspaceFolders: readonly string[]): Promise<string | undefined> {
    const known = this.resolved.get(documentUri);
    const now = Date.now();
    if (known !== undefined && now - known.checkedAt < LOOKUP_INTERVAL_MS) return known.file;
    const file = this.lookUp(documentUri);
    if (known !== undefined) {
      known.checkedAt = now;
      void file.then((found) => (known.file = Promise.resolve(found)));
      return known.file;
    }
    this.resolved.set(documentUri, { checkedAt: now, file });
    return file;
  }

  private async lookUp(documentUri: string): Promise<string | undefined> {
    if (this.connection === undefined) return undefined;
    try {
      const found = await this.connection.sendRequest<SampleFileResult>(SAMPLE_FILE_REQUEST, { uri: documentUri } satisfies SampleFileParams);
      if (found?.uri === undefined) return undefined;
      if (found.mtime !== undefined) this.mtimes.set(found.uri, found.mtime);
      return found.uri;
    } catch (error) {
      this.logger.warn(`sample events: the client did not say where they are: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** The loaded sample, or why it could not be read; read again when the client reports a newer modification time. */
  async get(file: string, options: EventSourceOptions = {}): Promise<{ sample: LoadedSample } | { error: string; file: string }> {
    const key = `${file}\u0000${JSON.stringify(options)}`;
    const mtime = this.mtimes.get(file) ?? 0;
    const known = this.loads.get(key);
    if (known !== undefined && known.mtime === mtime) return wrap(await known.result);
    const result = this.load(file, options).catch((error: unknown) => ({ error: (error as Error).message, file }));
    this.loads.set(key, { mtime, result });
    void result.then((loaded) => {
      if ('error' in loaded) this.logger.warn(`sample events ${file}: ${loaded.error}`);
      else this.logger.info(`sample events ${file}: ${loaded.eventCount} events, ${loaded.profile.fields.size} fields`);
    });
    return wrap(await result);
  }

  private async load(file: string, options: EventSourceOptions): Promise<LoadedSample> {
    if (this.connection === undefined) throw new Error('no client to read the file through');
    const read = await this.connection.sendRequest<ReadSampleResult>(READ_SAMPLE_REQUEST, { uri: file } satisfies ReadSampleParams);
    if (read.error !== undefined || read.bytes === undefined) throw new Error(read.error ?? 'the client sent no bytes');
    const name = decodeURIComponent(new URL(file).pathname);
    return collectSample(readEventFileBytes(read.bytes, name, { maxEntrySize: MAX_IN_MEMORY_ENTRY, parquetTypedTimesAsText: (first) => readsTypedTimesAsText(undefined, first, options) }), file, read.mtime ?? 0, options);
  }
}

function wrap(loaded: Loaded): { sample: LoadedSample } | { error: string; file: string } {
  return 'error' in loaded ? loaded : { sample: loaded };
}
