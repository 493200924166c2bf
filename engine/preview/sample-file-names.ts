// The conventional sample-events files beside a rules file (docs/preview.md "Sample
// events"), in the order they are tried: `<name>.events.<ext>`, `<name>.<ext>`, then
// `events.<ext>`, with <ext> one of the event file names of SPEC §3 and §3.1 (plain
// formats first, then Parquet, gzipped files and zip archives).

export const EVENT_EXTENSIONS = ['ndjson', 'jsonl', 'json', 'csv', 'parquet', 'ndjson.gz', 'jsonl.gz', 'json.gz', 'csv.gz', 'zip'] as const;

/** What the file picker offers: its filters match a name's last extension only. */
export const PICKER_EXTENSIONS = ['ndjson', 'jsonl', 'json', 'csv', 'parquet', 'gz', 'zip'] as const;

/** Candidate file names for the rules file `rulesBaseName` (e.g. `ga4.channels`). */
export function conventionalSampleNames(rulesBaseName: string): string[] {
  const stem = rulesBaseName.replace(/\.channels$/, '');
  return [
    ...EVENT_EXTENSIONS.map((ext) => `${stem}.events.${ext}`),
    ...EVENT_EXTENSIONS.map((ext) => `${stem}.${ext}`),
    ...EVENT_EXTENSIONS.map((ext) => `events.${ext}`),
  ];
}
