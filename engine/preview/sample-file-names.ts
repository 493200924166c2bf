// The conventional sample-events files beside a rules file (docs/preview.md "Sample
// events"), in the order they are tried: `<name>.events.<ext>`, `<name>.<ext>`, then
// `events.<ext>`, with <ext> one of the event formats of SPEC §3.

export const EVENT_EXTENSIONS = ['ndjson', 'jsonl', 'json', 'csv'] as const;

/** Candidate file names for the rules file `rulesBaseName` (e.g. `ga4.channels`). */
export function conventionalSampleNames(rulesBaseName: string): string[] {
  const stem = rulesBaseName.replace(/\.channels$/, '');
  return [
    ...EVENT_EXTENSIONS.map((ext) => `${stem}.events.${ext}`),
    ...EVENT_EXTENSIONS.map((ext) => `${stem}.${ext}`),
    ...EVENT_EXTENSIONS.map((ext) => `events.${ext}`),
  ];
}
