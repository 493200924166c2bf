// Which reader an events file needs, by its extension (SPEC §3), and the error for
// input that cannot be read at all (the CLI turns it into exit 2 with this message).

export type EventFormat = 'ndjson' | 'json' | 'csv';

const FORMAT_BY_EXTENSION: Record<string, EventFormat> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.csv': 'csv',
};

/** A whole events file cannot be read: wrong extension, missing, not a JSON array, … */
export class EventFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventFileError';
  }
}

/** The format of an events file; extensions are compared ignoring case (`.CSV`). */
export function eventFormatOf(path: string): EventFormat {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const extension = dot > slash ? path.slice(dot).toLowerCase() : '';
  const format = FORMAT_BY_EXTENSION[extension];
  if (format === undefined) {
    throw new EventFileError(
      `${path}: unknown events file type${extension === '' ? '' : ` "${extension}"`}; expected .ndjson, .jsonl, .json or .csv`,
    );
  }
  return format;
}
