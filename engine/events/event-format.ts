// Which reader an events file needs, by its name (SPEC §3, §3.1), and the error for
// input that cannot be read at all (the CLI turns it into exit 2 with this message).
//
// A name is a record format (`.ndjson`, `.jsonl`, `.json`, `.csv`, `.parquet`),
// optionally gzipped (`events.ndjson.gz`: the format is the inner name's), or a zip
// archive (`.zip`: each entry by its own name).

export type EventFormat = 'ndjson' | 'json' | 'csv' | 'parquet';

/** The formats `--events-format` accepts for standard input. */
export const EVENT_FORMATS: readonly EventFormat[] = ['ndjson', 'json', 'csv', 'parquet'];

const FORMAT_BY_EXTENSION: Record<string, EventFormat> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.csv': 'csv',
  '.parquet': 'parquet',
};

export const EXPECTED_EXTENSIONS = '.ndjson, .jsonl, .json, .csv or .parquet, optionally .gz, or a .zip of them';

/** How the bytes of a named input are read. */
export type EventFileKind = { kind: 'zip' } | { kind: 'records'; format: EventFormat; gzip: boolean };

/** A whole events file cannot be read: wrong extension, missing, damaged container, … */
export class EventFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventFileError';
  }
}

/**
 * The refusal of a Parquet file or entry `where` by a reader that has no Parquet
 * reader (./event-bytes without one: the browser's analysis worker, which runs
 * Compare with…'s sample; the browser's client says it before reading the file).
 */
export function parquetUnavailable(where: string): EventFileError {
  return new EventFileError(`${where}: Parquet cannot be read here; NDJSON, JSON and CSV can (gz and zip too)`);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return dot > slash ? name.slice(dot).toLowerCase() : '';
}

/** How a file or zip entry is read, or undefined when its name is not an events file's. */
export function eventFileKindOf(name: string): EventFileKind | undefined {
  const extension = extensionOf(name);
  if (extension === '.zip') return { kind: 'zip' };
  if (extension === '.gz') {
    const format = FORMAT_BY_EXTENSION[extensionOf(name.slice(0, -3))];
    return format === undefined ? undefined : { kind: 'records', format, gzip: true };
  }
  const format = FORMAT_BY_EXTENSION[extension];
  return format === undefined ? undefined : { kind: 'records', format, gzip: false };
}

/** Whether a file's records can be read in ranges at all (else the one-thread reader is as good). */
export function splittableFile(path: string): boolean {
  const kind = eventFileKindOf(path);
  return kind !== undefined && (kind.kind === 'zip' || kind.format === 'ndjson' || kind.format === 'json' || (kind.format === 'parquet' && !kind.gzip));
}

/** Like eventFileKindOf, but an unknown name is an EventFileError naming it. */
export function eventFileKindOrThrow(path: string): EventFileKind {
  const kind = eventFileKindOf(path);
  if (kind !== undefined) return kind;
  const extension = extensionOf(path);
  const shown = extension === '.gz' ? `"${extensionOf(path.slice(0, -3))}.gz"` : `"${extension}"`;
  throw new EventFileError(
    `${path}: unknown events file type${extension === '' ? '' : ` ${shown}`}; expected ${EXPECTED_EXTENSIONS}`,
  );
}

/**
 * The record format of a file holding text (in memory: tests, expectations, the
 * compare panel); `.gz` and `.zip` names are refused here since their bytes are not text.
 */
export function eventFormatOf(path: string): EventFormat {
  const kind = eventFileKindOrThrow(path);
  if (kind.kind === 'zip' || kind.gzip) throw new EventFileError(`${path}: a compressed file cannot be read as text`);
  return kind.format;
}
