// The web build's ./sample-store: the server in a web worker has no file system, so
// it asks the client (custom requests of ./custom-protocol, answered by
// client/sample-files-for-server.ts through vscode.workspace.fs): where the rules
// file's sample is (found as the preview finds it) and, when it is new or changed,
// its bytes, read from memory by the engine's web readers (every format, gz and zip
// too; engine/events/read-event-bytes) with the same settings (channelRules.eventSource,
// fieldMap, timeUnit). Completion then offers the sample's values and code lenses count
// its events, as on the desktop.

import type { CancellationToken, Connection } from 'vscode-languageserver';
import { readsTypedTimesAsText, type EventSourceOptions } from '../engine/events/event-source';
import { MAX_IN_MEMORY_ENTRY } from '../engine/events/in-memory-limits';
import { readEventFileBytes } from '../engine/events/read-event-bytes';
import { SAMPLE_FILE_REQUEST, type SampleFileParams, type SampleFileResult } from './custom-protocol';
import type { Logger } from './safe-handler';
import { sampleBytesFromClient } from './sample-bytes-from-client';
import { collectSample } from './sample-loading';
import { SampleReads } from './sample-reads';
import type { LoadedSample } from './sample-store-types';

export { eventSourceOptionsOf, MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

/** How long an answer about where the sample is (and its modification time) is trusted. */
const LOOKUP_INTERVAL_MS = 1000;

export class SampleStore extends SampleReads {
  private readonly resolved = new Map<string, { key: string; checkedAt: number; file: Promise<string | undefined> }>();
  /** The modification time the client gave for each sample file in its answer to the latest look-up asked. */
  private readonly mtimes = new Map<string, { time: number; lookUp: number }>();
  /** Look-ups are numbered as they are asked: the client answers them concurrently, in any order. */
  private lookUps = 0;
  /** The look-ups the client has not answered yet. */
  private readonly lookingUp = new Set<Promise<string | undefined>>();

  /** Its version is the one the client's last answer about the sample brought (resolve, at most once a second): looking costs nothing. */
  protected readonly recheckMs = 0;

  constructor(
    logger: Logger,
    private readonly connection?: Connection,
  ) {
    super(logger);
  }

  protected async versionOf(file: string): Promise<number> {
    // A look-up in flight may bring a newer time (an edit after the file changed on disk starts one): the time before it would keep the old sample until the next edit.
    await Promise.all(this.lookingUp);
    return this.mtimes.get(file)?.time ?? 0;
  }

  /**
   * The sample file (a URI) for a rules document, or undefined. Asked of the client at
   * most once a second per document and settings; meanwhile the previous answer stands.
   * The client finds the file by its own settings, which are the server's by the time
   * they reach it: new settings are asked about at once, never answered with the file
   * the old ones named.
   */
  resolve(documentUri: string, setting: string, workspaceFolders: readonly string[]): Promise<string | undefined> {
    const key = `${setting}\u0000${workspaceFolders.join('\u0000')}`;
    const known = this.resolved.get(documentUri);
    const now = Date.now();
    if (known !== undefined && known.key === key && now - known.checkedAt < LOOKUP_INTERVAL_MS) return known.file;
    const file = this.lookUp(documentUri);
    if (known !== undefined && known.key === key) {
      known.checkedAt = now;
      void file.then((found) => (known.file = Promise.resolve(found)));
      return known.file;
    }
    this.resolved.set(documentUri, { key, checkedAt: now, file });
    return file;
  }

  private lookUp(documentUri: string): Promise<string | undefined> {
    const lookingUp = this.askWhere(documentUri);
    this.lookingUp.add(lookingUp);
    void lookingUp.finally(() => this.lookingUp.delete(lookingUp));
    return lookingUp;
  }

  private async askWhere(documentUri: string): Promise<string | undefined> {
    if (this.connection === undefined) return undefined;
    const lookUp = ++this.lookUps;
    try {
      const found = await this.connection.sendRequest<SampleFileResult>(SAMPLE_FILE_REQUEST, { uri: documentUri } satisfies SampleFileParams);
      if (found?.uri === undefined) return undefined;
      // An answer to a look-up asked before the one whose time is known is older news: it does not set the time back.
      const known = this.mtimes.get(found.uri);
      if (found.mtime !== undefined && (known === undefined || known.lookUp < lookUp)) this.mtimes.set(found.uri, { time: found.mtime, lookUp });
      return found.uri;
    } catch (error) {
      this.logger.warn(`sample events: the client did not say where they are: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** The document was closed. */
  forget(documentUri: string): void {
    this.resolved.delete(documentUri);
    this.release(documentUri);
  }

  protected async readSample(file: string, _mtime: number, options: EventSourceOptions, token: CancellationToken): Promise<LoadedSample> {
    if (this.connection === undefined) throw new Error('no client to read the file through');
    const read = await sampleBytesFromClient(this.connection, file, token);
    return collectSample(readEventFileBytes(read.bytes, read.name, { maxEntrySize: MAX_IN_MEMORY_ENTRY, parquetTypedTimesAsText: (first) => readsTypedTimesAsText(undefined, first, options) }), file, read.mtime, options, token);
  }
}
