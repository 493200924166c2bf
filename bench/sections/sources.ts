// Source systems (SPEC §3.2): the full report on the benchmark's NDJSON and on the same
// events as GA4 BigQuery export rows (bench/source-bench-data), side by side in one
// process, with their ratio. The mapping is compiled once per file, so the GA4 run
// costs what its larger rows cost to parse plus the key/value lookups.

import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { loadBenchRules } from '../load-bench-rules';
import { collectGarbage, formatBytes, timed } from '../measure';
import type { BenchSection } from '../section';
import { ensureGa4BenchEvents } from '../source-bench-data';
import { forEachLine } from './floor';

export const sourcesSection: BenchSection = {
  name: 'sources',
  title: 'the full report on plain NDJSON and on the same events as GA4-shaped NDJSON (--from auto)',
  async run(context) {
    const { classifier } = loadBenchRules(context.rulesFile);
    const ga4 = ensureGa4BenchEvents(context.root, context.eventCount, context.seed);
    const run = (file: string) =>
      timed(() => runReport({ source: { path: file }, classifier, settings: parseReportSettings({}) }));
    const parseOnly = (file: string) =>
      timed(async () => {
        let objects = 0;
        await forEachLine(file, (line) => {
          if (line.trim() !== '' && JSON.parse(line) !== null) objects++;
        });
        return objects;
      });
    const plainParse = await parseOnly(context.eventsFile);
    const shapedParse = await parseOnly(ga4.file);
    collectGarbage();
    const plain = await run(context.eventsFile);
    collectGarbage();
    const shaped = await run(ga4.file);
    const plainReport = plain.value.report!;
    const shapedReport = shaped.value.report!;
    if (shaped.value.eventFields.system.id !== 'ga4') throw new Error(`GA4 file read as ${shaped.value.eventFields.system.id}`);
    const same = JSON.stringify(plainReport) === JSON.stringify(shapedReport);
    return [
      { label: 'read + JSON.parse, plain NDJSON', seconds: plainParse.seconds, events: plainParse.value },
      {
        label: 'read + JSON.parse, GA4-shaped NDJSON',
        seconds: shapedParse.seconds,
        events: shapedParse.value,
        detail: `${(shapedParse.seconds / plainParse.seconds).toFixed(2)}× plain`,
      },
      { label: 'report, plain NDJSON', seconds: plain.seconds, events: plain.value.events, detail: formatBytes(context.eventBytes) },
      {
        label: 'report, GA4-shaped NDJSON',
        seconds: shaped.seconds,
        events: shaped.value.events,
        detail: `${formatBytes(ga4.bytes)}; ${(shaped.seconds / plain.seconds).toFixed(2)}× plain; ${same ? 'same report' : 'REPORTS DIFFER'}`,
      },
    ];
  },
};
