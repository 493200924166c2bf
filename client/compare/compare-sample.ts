// How "Compare with…" names its sample to the language server (`sample` of
// channelRules/diff), apart from the panel so it is tested without VS Code. A file on
// disk in desktop VS Code goes by its path: the server reads it in chunks, at any
// size. Any other file (a virtual file system's in desktop VS Code, every file in the
// browser) goes by its URI: the server asks the editor for its bytes
// (channelRules/readSample, held to the in-memory limits) and reads them with the
// readers of the same file by path, its name saying its containers and format (gz,
// zip, Parquet). The client decodes nothing: a file read as text here was read as
// UTF-8, its containers not opened.
//
// In the browser the diff runs in the analysis worker, which has no Parquet reader
// (engine/report/report-bytes.web): a Parquet sample is refused here, in the words
// the worker would use, before the file is read for nothing. A zip's Parquet entries
// are refused by the worker, which alone sees them.

import { eventFileKindOf, parquetUnavailable } from '../../engine/events/event-format';
import type { DiffParams } from '../../server/custom-protocol';

/** The parts of a `vscode.Uri` this looks at. */
export interface SampleUri {
  scheme: string;
  /** The URI's path (`/`-separated): the name the engine reads the file by. */
  path: string;
  /** The file's path on disk, for `file:` URIs. */
  fsPath: string;
  toString(): string;
}

/**
 * The diff request's `sample` for the file at `uri`. `readsByPath`: the server is
 * desktop VS Code's, on the same machine's files; `name`: the file as the panel names
 * it. Throws EventFileError for a Parquet sample in the browser.
 */
export function diffSampleOf(uri: SampleUri, name: string, readsByPath: boolean): NonNullable<DiffParams['sample']> {
  if (readsByPath && uri.scheme === 'file') return { path: uri.fsPath };
  const kind = eventFileKindOf(uri.path);
  if (!readsByPath && kind?.kind === 'records' && kind.format === 'parquet') throw parquetUnavailable(name);
  return { uri: uri.toString() };
}
