// Linear costs: work that must grow no faster than its input, measured at doubling
// sizes, with the ratio of each step (the goal: every ratio ≤ 2.3; a quadratic cost
// shows ~4). Each size is built in memory, so only the engine's work is timed:
//
// - attribution: the full report on one user's events, 10 s apart (all within the
//   default 30-day lookback), every 10th a purchase: 50k → 100k → 200k events;
// - exact credit totals at a rounding turn: Σ 1/(n(n+1)) over N denominators (one user
//   with N conversions of the linear model), which the float estimate cannot round and
//   the exact sum decides: 50k → 100k → 200k denominators. Summed by halves, it grows as
//   BigInt multiplication does (each step about 2.2–2.6; it was 4: quadratic);
// - check: the analysis and diagnostics of N one-rule channels `when utm_source =
//   "sK"`: 1,000 → 2,000 → 4,000 channels;
// - classify: 200,000 events against N one-rule channels `when utm_source = "sK"`
//   (the rule index makes it one lookup per event): 2,500 → 5,000 → 10,000 channels,
//   then 10,000 channels tried one by one, as before the index, on 2,000 events;
// - the text report formatter on a report of N channels: 2,500 → 5,000 → 10,000;
// - one long NDJSON line, as the readers meet it: kept and parsed within the limit for
//   one event line (16 MiB), 3 → 6 → 12 MB fed to the readers' splitter in 1 MB
//   chunks; past it, skipped by the same splitter as the text streams, 100 → 200 → 400
//   MB fed the same way; and skipped in a file that the report reads in ranges, on one
//   thread, 100 → 200 → 400 MB (CHANNEL_RULES_BENCH_LINE_MB sets the first size of the
//   last two).

import { checkDocument } from '../../engine/analysis/check-document';
import { checkRules } from '../../engine/check/check-rules';
import type { Classifier } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import type { EventProps } from '../../engine/events/event';
import { parseChannels } from '../../grammar/parse';
import type { EventBatch } from '../../engine/events/event';
import { NdjsonSplitter } from '../../engine/events/ndjson-splitter';
import { MAX_EVENT_LINE } from '../../engine/events/read-event-text';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import { CreditTotals } from '../../engine/report/credit-totals';
import type { ChannelReport } from '../../engine/report/report';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport } from '../../engine/report/run-report';
import { reportTables } from '../../cli/format/report-tables';
import { renderTextTable } from '../../cli/format/table';
import { loadBenchRules } from '../load-bench-rules';
import { collectGarbage, timed, type Figure } from '../measure';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchSection } from '../section';

const SOURCES = [
  ['google', 'organic'],
  ['google', 'cpc'],
  ['facebook', 'social'],
  ['newsletter', 'email'],
  ['bing', 'organic'],
  ['example.com', 'referral'],
];

function oneUser(events: number): string {
  const t0 = Date.parse('2024-03-01T00:00:00Z');
  const lines: string[] = [];
  for (let k = 0; k < events; k++) {
    const time = new Date(t0 + k * 10_000).toISOString();
    if (k % 10 === 9) lines.push(JSON.stringify({ user_id: 'heavy', time, event_type: 'purchase' }));
    else {
      const [source, medium] = SOURCES[(k * 7) % SOURCES.length]!;
      lines.push(JSON.stringify({ user_id: 'heavy', time, event_type: 'Page View', utm_source: source, utm_medium: medium }));
    }
  }
  return lines.join('\n');
}

/** Credits summing to exactly 1 + half a millionth: Σ 1/(n(n+1)) = 1 − 1/(K+1), then 1/(K+1) and 1/2,000,000. */
function creditsAtTurn(denominators: number): CreditTotals {
  const totals = new CreditTotals(1);
  totals.setUser(0);
  for (let n = 1; n <= denominators; n++) totals.exact(0, 1, n * (n + 1));
  totals.exact(0, 1, denominators + 1);
  totals.exact(0, 1, 2_000_000);
  if (totals.total(0) !== 1.000001) throw new Error(`credits at a rounding turn: ${totals.total(0)}, expected 1.000001`);
  return totals;
}

function oneRuleChannels(n: number): string {
  return Array.from({ length: n }, (_, k) => `channel "C${k}"\n  when utm_source = "s${k}"\n`).join('\n');
}

const CLASSIFIED_EVENTS = 200_000;

/** The classifier of N one-rule channels and events whose sources hit them (one in ten misses). */
function manyChannelsClassifier(n: number, events: number, indexFrom?: number): { classifier: Classifier; events: EventProps[] } {
  const text = oneRuleChannels(n);
  const checked = checkRules(parseChannels(text), text);
  const props: EventProps[] = [];
  for (let k = 0; k < events; k++) props.push({ utm_source: k % 10 === 9 ? `miss${k}` : `s${(k * 7919) % n}`, utm_medium: 'cpc' });
  // Without the memo (engine/classify/classify-memo): the events repeat their sources, and the
  // memo would answer most of them; what grows with the channels is the rules' (and the index's) work.
  return { classifier: compileClassifier(checked, undefined, indexFrom === undefined ? { memo: false } : { indexFrom, memo: false }), events: props };
}

async function classifyAll({ classifier, events }: { classifier: Classifier; events: EventProps[] }): Promise<number> {
  let sum = 0;
  for (const props of events) sum += classifier.classify(props);
  return sum;
}

function reportOfChannels(n: number): ChannelReport {
  const names = Array.from({ length: n }, (_, k) => `Channel ${k}`);
  return {
    events: n * 10,
    skipped: 0,
    users: n,
    sessionCount: n,
    channels: names.map((channel, k) => ({ channel, uniques: k, totals: 10 * k, byEventType: { view: { uniques: k, totals: 9 * k }, purchase: { uniques: 1, totals: k } } })),
    sessions: names.map((channel, k) => ({ channel, totals: k, entries: k, exits: k })),
    attribution: {
      conversion: 'purchase',
      lookback: '30d',
      models: Object.fromEntries(ATTRIBUTION_MODELS.map((model) => [model, names.map((channel, k) => ({ channel, uniques: k, totals: k / 7 }))])),
    },
  };
}

const MB = 1 << 20;
const LONG_LINE_START = '{"user_id":"u","time":"2024-03-01T00:00:00Z","blob":"';
const LONG_LINE_END = '"}\n{"user_id":"v","time":"2024-03-01T00:00:00Z"}\n';

/**
 * One line of a string value `megabytes` MB long (then a short line), fed in 1 MB chunks
 * to the splitter as the readers make it (../../engine/events/read-event-text): kept and
 * parsed up to MAX_EVENT_LINE characters, skipped past it. The events read, checked so
 * that a size on the wrong side of the limit fails the run instead of timing the other path.
 */
function feedLine(megabytes: number, kept: boolean): number {
  const chunk = 'x'.repeat(MB);
  const splitter = new NdjsonSplitter(MAX_EVENT_LINE, 'the limit for one event line');
  const batch: EventBatch = { events: [], skipped: [] };
  splitter.push(LONG_LINE_START, batch);
  for (let k = 0; k < megabytes; k++) splitter.push(chunk, batch);
  splitter.push(LONG_LINE_END, batch);
  splitter.end(batch);
  if (batch.events.length !== (kept ? 2 : 1)) throw new Error(`a line of ${megabytes} MB: ${batch.events.length} events read, expected ${kept ? 2 : 1}`);
  return batch.events.length;
}

/** A file of one short line, one line of `megabytes` MB, and one more short line. */
function writeLongLineFile(folder: string, megabytes: number): string {
  const file = path.join(folder, `line-${megabytes}mb.ndjson`);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"user_id":"a","time":"2024-03-01T00:00:00Z","utm_source":"google","utm_medium":"cpc"}\n' + LONG_LINE_START);
    const chunk = Buffer.alloc(MB, 'x');
    for (let k = 0; k < megabytes; k++) writeSync(fd, chunk);
    writeSync(fd, LONG_LINE_END);
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * Samples per size, the fastest kept: one run of a few hundred milliseconds that allocates
 * hundreds of megabytes (the long line) moved by a third between rounds on this host,
 * enough to cross the goal either way.
 */
const SAMPLES_PER_SIZE = 3;

/**
 * How long a sample lasts: a run shorter than this is timed in a batch of back-to-back
 * runs, as many as the size's first (untimed) run says make this long (the first size's
 * first run is cold, so its batches come out somewhat shorter), and the batch's time per
 * run is the sample; before each batch, after a full collection, one run untimed. A
 * single short run right after a full
 * collection had the young generation empty to itself: a check of 1,000 channels
 * (27 MB allocated) met one scavenge, one of 2,000 met three, so the smallest size got
 * its garbage collection almost free and the first step read 2.3 to 2.8 while the cost
 * per channel of back-to-back checks was the same at both sizes (docs/dev/benchmarks.md,
 * seventeenth round). Every timed run now starts where the run before left the heap, and
 * pays its share of collection, as each edit's check does in the language server.
 */
const MIN_SAMPLE_SECONDS = 0.5;

interface DoublingOptions<T> {
  /** Samples per size, the fastest kept. */
  samples?: number;
  /** Off for work whose second run is not the first's (a classifier whose caches the first run filled). */
  batched?: boolean;
  /** Called with each size's input once it is measured (a file to delete). */
  dispose?: (input: T) => void;
  /** Off for a series that is not one of issue 14's linear goals (the exact sum at a rounding turn). */
  goal?: boolean;
}

/**
 * `prepare` builds each size's input (not timed), `run` is timed on it: the fastest of
 * `samples` samples. With batching, each size is first run once untimed, which also tells
 * how many runs a batch needs: the smallest size's runs were otherwise the first the code
 * ran at all, and how far V8 had optimised it moved the first ratio (`check`: 1,000
 * channels took 26 to 43 ms as best of 3, the ratio to 2,000 1.4 to 3.2 on one quiet
 * machine).
 */
async function doubling<T>(label: string, unit: string, sizes: number[], prepare: (size: number) => T, run: (input: T) => Promise<unknown>, options: DoublingOptions<T> = {}): Promise<Figure[]> {
  const { samples = SAMPLES_PER_SIZE, batched = true, dispose, goal = true } = options;
  const figures: Figure[] = [];
  let previous: number | undefined;
  for (const size of sizes) {
    const input = prepare(size);
    let runsPerSample = 1;
    if (batched) {
      collectGarbage();
      const { seconds: once } = await timed(() => run(input));
      runsPerSample = Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS / once));
    }
    let seconds = Infinity;
    try {
      for (let sample = 0; sample < samples; sample++) {
        collectGarbage();
        if (batched) await run(input);
        const batch = await timed(async () => {
          for (let k = 0; k < runsPerSample; k++) await run(input);
        });
        seconds = Math.min(seconds, batch.seconds / runsPerSample);
      }
    } finally {
      dispose?.(input);
    }
    const ratio = previous === undefined ? '' : `ratio ×${(seconds / previous).toFixed(2)}`;
    const detail = [ratio, runsPerSample > 1 ? `(${runsPerSample} runs a sample)` : ''].filter((part) => part !== '').join(' ');
    figures.push({ label: `${label}, ${size.toLocaleString('en-US')} ${unit}`, seconds, detail, ...(previous === undefined ? {} : { step: { ratio: seconds / previous, goal } }) });
    console.log(`  ${label}, ${size.toLocaleString('en-US')} ${unit}: ${seconds.toFixed(3)} s ${detail}`);
    previous = seconds;
  }
  return figures;
}

/** One timed run, with its cost per event beside the doubling runs'. */
async function perEvent<T>(label: string, size: number, prepare: () => T, run: (input: T) => Promise<unknown>, events: number): Promise<Figure[]> {
  const input = prepare();
  collectGarbage();
  const { seconds } = await timed(() => run(input));
  const detail = `${((seconds * 1e6) / events).toFixed(1)} µs/event`;
  console.log(`  ${label}, ${size.toLocaleString('en-US')} one-rule channels: ${seconds.toFixed(3)} s ${detail}`);
  return [{ label: `${label}, ${size.toLocaleString('en-US')} one-rule channels`, seconds, detail }];
}

export const linearSection: BenchSection = {
  name: 'linear',
  title: 'linear costs: doubling sizes (the best of 3 samples each, check and the text report 5, classification once; a sample is a batch of runs of about 0.5 s, after one untimed) and the ratio of each step (goal ≤ 2.3)',
  async run(context) {
    const { classifier } = loadBenchRules(context.rulesFile);
    const settings = parseReportSettings({});
    const lineMb = Number(process.env.CHANNEL_RULES_BENCH_LINE_MB ?? 100);
    // The longest line kept is MAX_EVENT_LINE characters: 16 MB of value and the line around it is over.
    const keptMb = MAX_EVENT_LINE / MB / 4 - 1;
    const folder = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-line-'));
    try {
      return [
        ...(await doubling('attribution, one user', 'events', [50_000, 100_000, 200_000], oneUser, (text) =>
          runReport({ source: { text, format: 'ndjson' }, classifier, settings }),
        )),
        ...(await doubling('exact credit total at a rounding turn', 'denominators', [50_000, 100_000, 200_000], creditsAtTurn, async (totals) => totals.total(0), { goal: false })),
        // The best of 5: one check of 2,000 channels took 72 to 104 ms in one process (bimodal, not warming).
        ...(await doubling('check', 'one-rule channels', [1_000, 2_000, 4_000], oneRuleChannels, (text) => checkDocument(text, { file: 'many.channels' }), { samples: 5 })),
        // Once: a second run would find the classifier's memo filled by the first.
        ...(await doubling('classify 200,000 events', 'one-rule channels', [2_500, 5_000, 10_000], (n) => manyChannelsClassifier(n, CLASSIFIED_EVENTS), classifyAll, { samples: 1, batched: false })),
        ...(await perEvent('classify 2,000 events, no rule index', 10_000, () => manyChannelsClassifier(10_000, 2_000, Infinity), classifyAll, 2_000)),
        // The best of 5, as check: the report's cells are garbage the young generation copies, and
        // one sample in a few read a step 10–20% long (docs/dev/benchmarks.md, twenty-fourth round).
        ...(await doubling(
          'text report',
          'channels',
          [2_500, 5_000, 10_000],
          reportOfChannels,
          async (report) => reportTables(report).map(({ table }) => renderTextTable(table)).join('\n'),
          { samples: 5 },
        )),
        ...(await doubling('one NDJSON line kept and parsed', 'MB', [keptMb, 2 * keptMb, 4 * keptMb], (mb) => mb, async (mb) => feedLine(mb, true))),
        ...(await doubling('one NDJSON line skipped as it streams', 'MB', [lineMb, 2 * lineMb, 4 * lineMb], (mb) => mb, async (mb) => feedLine(mb, false))),
        ...(await doubling(
          'one NDJSON line skipped in a file read in ranges',
          'MB',
          [lineMb, 2 * lineMb, 4 * lineMb],
          (mb) => writeLongLineFile(folder, mb),
          async (file) => {
            const { report } = await runReportThreaded({ source: { path: file }, classifier, settings, threads: 1, workerScript: path.join(__dirname, 'range-worker.js') });
            if (report?.events !== 2 || report.skipped !== 1) throw new Error(`${file}: ${report?.events} events and ${report?.skipped} skipped, expected 2 and 1`);
          },
          { dispose: (file) => rmSync(file, { force: true }) },
        )),
      ];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
