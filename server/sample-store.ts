// The sample events a rules file is checked against in the editor: found like the
// preview finds them (docs/preview.md): the `channelRules.sampleEvents` setting (a
// path, relative to the document's workspace folder, or to the rules file's folder
// outside a workspace), else a conventional file beside the rules
// (`<name>.events.<ext>`, `<name>.<ext>`, `events.<ext>`). Read with the engine's
// event readers, profiled (fields and values, for completion and hover), and kept in
// memory up to a cap (for code lens counts). Reloaded when the file changes.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { readsTypedTimesAsText, type EventSourceOptions } from '../engine/events/event-source';
import { readEventFile } from '../engine/events/read-events';
import { conventionalSampleNames } from '../engine/preview/sample-file-names';
import type { Logger } from './safe-handler';
import { collectSample } from './sample-loading';
import type { LoadedSample } from './sample-store-types';

export { eventSourceOptionsOf, MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

/** How long a file's modification time is trusted before it is looked at again. */
const STAT_INTERVAL_MS = 1000;

type Loaded = LoadedSample | { error: string; file: string };

export class SampleStore {
  private readonly loads = new Map<string, { mtimeMs: number; checkedAt: number; result: Promise<Loaded> }>();
  private readonly resolved = new Map<string, { key: string; checkedAt: number; file: Promise<string | undefined> }>();

  /** The connection is the web build's way to files (./sample-store.web); here the server reads them itself. */
  constructor(private readonly logger: Logger, _connection?: Connection) {}

  /**
   * The sample file for a rules document, or undefined when none is configured or
   * found beside it. Looked up at most once a second per document: completion and
   * hover ask on every request and must not wait for the file system.
   */
  resolve(documentUri: string, setting: string, workspaceFolders: readonly string[]): Promise<string | undefined> {
    const key = `${setting}\u0000${workspaceFolders.join('\u0000')}`;
    const known = this.resolved.get(documentUri);
    const now = Date.now();
    if (known !== undefined && known.key === key && now - known.checkedAt < STAT_INTERVAL_MS) return known.file;
    const file = this.lookUp(documentUri, setting, workspaceFolders);
    if (known !== undefined && known.key === key) {
      // Answer with what was found before; the new look-up replaces it when done.
      known.checkedAt = now;
      void file.then((found) => (known.file = Promise.resolve(found)));
      return known.file;
    }
    this.resolved.set(documentUri, { key, checkedAt: now, file });
    return file;
  }

  private async lookUp(documentUri: string, setting: string, workspaceFolders: readonly string[]): Promise<string | undefined> {
    if (!documentUri.startsWith('file:')) return undefined;
    const rulesFile = fileURLToPath(documentUri);
    if (setting !== '') {
      if (path.isAbsolute(setting)) return setting;
      const folder = workspaceFolders
        .filter((uri) => uri.startsWith('file:'))
        .map((uri) => fileURLToPath(uri))
        .filter((folderPath) => rulesFile.startsWith(folderPath + path.sep))
        .sort((a, b) => b.length - a.length)[0];
      return path.join(folder ?? path.dirname(rulesFile), setting);
    }
    for (const candidate of conventionalSampleNames(path.basename(rulesFile))) {
      const file = path.join(path.dirname(rulesFile), candidate);
      if (await isFile(file)) return file;
    }
    return undefined;
  }

  /**
   * The loaded sample, or why it could not be read. A file already read is answered
   * at once; whether it changed is looked at in the background (at most once a
   * second), and a changed file is read again for the requests that follow.
   */
  async get(file: string, options: EventSourceOptions = {}): Promise<{ sample: LoadedSample } | { error: string; file: string }> {
    // One load per file and reading options (channelRules.eventSource, fieldMap, timeUnit).
    const key = `${file}\u0000${JSON.stringify(options)}`;
    const known = this.loads.get(key);
    if (known !== undefined) {
      if (Date.now() - known.checkedAt >= STAT_INTERVAL_MS) {
        known.checkedAt = Date.now();
        void this.refresh(key, file, known.mtimeMs, options);
      }
      return wrap(await known.result);
    }
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (error) {
      return { error: `cannot read ${file}: ${(error as Error).message}`, file };
    }
    return wrap(await this.read(key, file, mtimeMs, options));
  }

  private async refresh(key: string, file: string, mtimeMs: number, options: EventSourceOptions): Promise<void> {
    try {
      const now = (await stat(file)).mtimeMs;
      if (now !== mtimeMs) await this.read(key, file, now, options);
    } catch {
      this.loads.delete(key);
    }
  }

  private read(key: string, file: string, mtimeMs: number, options: EventSourceOptions): Promise<Loaded> {
    const result = load(file, mtimeMs, options).catch((error: unknown) => ({ error: (error as Error).message, file }));
    this.loads.set(key, { mtimeMs, checkedAt: Date.now(), result });
    void result.then((loaded) => {
      if ('error' in loaded) this.logger.warn(`sample events ${file}: ${loaded.error}`);
      else this.logger.info(`sample events ${file}: ${loaded.eventCount} events, ${loaded.profile.fields.size} fields`);
    });
    return result;
  }
}

/** The reading options of the settings; a bad one is reported as the sample's error. */
function wrap(loaded: Loaded): { sample: LoadedSample } | { error: string; file: string } {
  return 'error' in loaded ? loaded : { sample: loaded };
}

function load(file: string, mtimeMs: number, options: EventSourceOptions): Promise<LoadedSample> {
  // Parquet: typed times read as the preview and the report read them (engine/events/event-source readsTypedTimesAsText).
  return collectSample(readEventFile(file, { parquetTypedTimesAsText: (first) => readsTypedTimesAsText(undefined, first, options) }), file, mtimeMs, options);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
