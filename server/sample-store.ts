// The sample events a rules file is checked against in the editor: found like the
// preview finds them (docs/preview.md): the `channelRules.sampleEvents` setting (a
// path, relative to the document's workspace folder, or to the rules file's folder
// outside a workspace), else (none set, or it names no file) a conventional file
// beside the rules (`<name>.events.<ext>`, `<name>.<ext>`, `events.<ext>`). Read with the engine's
// event readers, profiled (fields and values, for completion and hover), and kept in
// memory up to a cap (for code lens counts). Read again when the file changes, in the
// background (./sample-reads: hover, completion and code lens never wait for a read).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { CancellationToken } from '../engine/cancellation';
import { readsTypedTimesAsText, type EventSourceOptions } from '../engine/events/event-source';
import { readEventFile } from '../engine/events/read-events';
import { conventionalSampleNames } from '../engine/preview/sample-file-names';
import { pathOfFileUri } from './file-uris';
import type { Logger } from './safe-handler';
import { collectSample } from './sample-loading';
import { SampleReads } from './sample-reads';
import type { LoadedSample } from './sample-store-types';

export { eventSourceOptionsOf, MAX_SAMPLE_EVENTS, type LoadedSample } from './sample-store-types';

const WINDOWS = path.sep === '\\';

/** How long a file's modification time is trusted before it is looked at again. */
const STAT_INTERVAL_MS = 1000;

export class SampleStore extends SampleReads {
  private readonly resolved = new Map<string, { key: string; checkedAt: number; file: Promise<string | undefined> }>();
  /** The files settings named that were not there, each said once in the log (again if found and then gone). */
  private readonly unfound = new Set<string>();

  protected readonly recheckMs = STAT_INTERVAL_MS;

  /** The connection is the web build's way to files (./sample-store.web); here the server reads them itself. */
  constructor(logger: Logger, _connection?: Connection) {
    super(logger);
  }

  protected async versionOf(file: string): Promise<number> {
    try {
      return (await stat(file)).mtimeMs;
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as Error).message}`);
    }
  }

  protected readSample(file: string, mtimeMs: number, options: EventSourceOptions, token: CancellationToken): Promise<LoadedSample> {
    // Parquet: typed times read as the preview and the report read them (engine/events/event-source readsTypedTimesAsText).
    return collectSample(readEventFile(file, { parquetTypedTimesAsText: (first) => readsTypedTimesAsText(undefined, first, options) }), file, mtimeMs, options, token);
  }

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
    const rulesFile = pathOfFileUri(documentUri, WINDOWS);
    if (rulesFile === undefined) return undefined;
    if (setting !== '') {
      const configured = path.isAbsolute(setting) ? setting : path.join(workspaceFolderOf(rulesFile, workspaceFolders) ?? path.dirname(rulesFile), setting);
      if (await isFile(configured)) {
        this.unfound.delete(configured);
        return configured;
      }
      // As the preview: the file beside the rules, if any. Said once, not at every look-up (once a second per document).
      if (!this.unfound.has(configured)) {
        this.unfound.add(configured);
        this.logger.warn(`channelRules.sampleEvents: ${configured} is not a file; using the sample events beside the rules file, if any`);
      }
    }
    for (const candidate of conventionalSampleNames(path.basename(rulesFile))) {
      const file = path.join(path.dirname(rulesFile), candidate);
      if (await isFile(file)) return file;
    }
    return undefined;
  }

  /** The document was closed. */
  forget(documentUri: string): void {
    this.resolved.delete(documentUri);
    this.release(documentUri);
  }
}

/** The innermost workspace folder holding the file, as a path. */
function workspaceFolderOf(file: string, workspaceFolders: readonly string[]): string | undefined {
  return workspaceFolders
    .map((uri) => pathOfFileUri(uri, WINDOWS))
    .filter((folder): folder is string => folder !== undefined && holds(folder, file))
    .sort((a, b) => path.resolve(b).length - path.resolve(a).length)[0];
}

/** Whether the file is inside the folder: `/` and a folder written with a trailing separator hold files too (`/` + sep is `//`). */
function holds(folder: string, file: string): boolean {
  const resolved = path.resolve(folder);
  return file.startsWith(resolved.endsWith(path.sep) ? resolved : resolved + path.sep);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
