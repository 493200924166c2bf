// `npm run bench`: measures the engine on a million realistic events and prints every
// section's figures side by side. Each section runs in a child process of its own, so
// its peak memory (RSS high-water mark) is its own and one section's garbage does not
// slow the next.
//
//   npm run bench                          every section
//   npm run bench -- --only classify       one section (comma-separated or repeated for more)
//   npm run bench -- --events 200000       a smaller run
//   npm run bench -- --rules my.channels   classify with other rules
//   npm run bench -- --list                the sections
//   npm run bench -- --rounds 3            every section 3 times, round after round;
//                                          the summary gives each figure's median
//
// On a shared machine one run of a section can be 15 % slower than the next; a goal's
// ratio of two figures (the report against DuckDB) is taken within each round, where
// they are measured at most a minute apart, and printed as the median over the rounds.

import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchEvents } from './bench-data';
import { collectGarbage, figureRows, formatBytes, formatRate, formatSeconds, peakRssBytes, percentiles, renderTable, type Figure, type SectionResult } from './measure';
import type { BenchContext } from './section';
import { sections } from './sections/index';
import { runSectionInChildProcess, type ChildMessage } from './run-section';
import { REPORT_FIGURE, REPORT_THREADS } from './sections/report';
import { DUCKDB_FIGURE } from './sections/duckdb';
import { FLOOR_THREADS_FIGURE, isFloorThreadsWorker, runFloorThreadsWorker } from './sections/floor-threads';
import { SOURCE_GOAL_FIGURES } from './sections/sources';
import { isProjectedClassifyWorker, runProjectedClassifyWorker } from './sections/classify';
import { FLOOR_FIGURE } from './sections/floor';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_EVENTS = 1_000_000;
const DEFAULT_SEED = 42;

const USAGE = `usage: npm run bench -- [--only SECTION[,SECTION…]] [--events N] [--seed N] [--rules FILE] [--rounds N] [--list]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      events: { type: 'string' },
      seed: { type: 'string' },
      rules: { type: 'string' },
      rounds: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      // Internal: run one section in this process and report to the parent.
      'run-section': { type: 'string' },
      context: { type: 'string' },
    },
    strict: true,
  });

  if (values['run-section'] !== undefined) return runSectionInChild(values['run-section'], values.context);

  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const section of sections) console.log(`${section.name.padEnd(15)} ${section.title}${section.optIn === true ? ' (only with --only)' : ''}`);
    return 0;
  }

  const only = (values.only ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  const unknown = only.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(', ')} (sections: ${sections.map((section) => section.name).join(', ')})`);
    return 2;
  }
  // Opt-in sections (the 10M run) run only when named.
  const selected = only.length === 0 ? sections.filter((section) => section.optIn !== true) : sections.filter((section) => only.includes(section.name));
  const events = positiveInteger(values.events, DEFAULT_EVENTS, '--events');
  const seed = positiveInteger(values.seed, DEFAULT_SEED, '--seed');
  const rounds = positiveInteger(values.rounds, 1, '--rounds');
  if (events === undefined || seed === undefined || rounds === undefined) return 2;
  const rulesFile = path.resolve(values.rules ?? path.join(ROOT, 'examples', 'ga4-default.channels'));

  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${formatBytes(os.totalmem())} RAM`);
  const data = ensureBenchEvents(ROOT, events, seed);
  console.log(
    `${events.toLocaleString('en-US')} events (seed ${seed}), ${formatBytes(data.bytes)} NDJSON: ${path.relative(process.cwd(), data.file)}` +
      (data.generatedInSeconds === undefined ? ' (cached)' : ` (generated in ${formatSeconds(data.generatedInSeconds)})`),
  );
  console.log(`rules: ${path.relative(process.cwd(), rulesFile)}\n`);

  const context: BenchContext = { root: ROOT, eventsFile: data.file, eventCount: events, eventBytes: data.bytes, rulesFile, seed };
  // Per section, its result in each round.
  const measured: SectionResult[][] = selected.map(() => []);
  let failed = false;
  for (let round = 1; round <= rounds && !failed; round++) {
    for (const [index, section] of selected.entries()) {
      console.log(`── ${section.name}: ${section.title}${rounds > 1 ? ` (round ${round} of ${rounds})` : ''}`);
      const message = await runSectionInChildProcess(section.name, context);
      if (message.result !== undefined) {
        measured[index]!.push(message.result);
        console.log(renderTable(['figure', 'time', 'events/s', 'detail'], figureRows(message.result.figures)));
        console.log(`peak RSS ${formatBytes(message.result.peakRssBytes)}\n`);
      } else {
        failed = true;
        console.log(`failed: ${message.error ?? 'no result'}\n`);
      }
    }
  }
  const results = measured.filter((each) => each.length > 0).map(medianResult);
  if (results.length > 1 || rounds > 1) printSummary(results, measured);
  return failed ? 1 : 0;
}

/**
 * A section's rounds as one result: each figure's median time (the rounds give the
 * same figures in the same order), with the detail of the round that measured it;
 * the highest peak RSS.
 */
function medianResult(results: readonly SectionResult[]): SectionResult {
  const figures = results[0]!.figures.map((figure, index) => {
    const measured = results.map((result) => result.figures[index]).filter((each): each is Figure => each?.label === figure.label && each.seconds !== undefined);
    const median = percentiles(measured.map((each) => each.seconds!), [50]).get(50);
    return measured.find((each) => each.seconds === median) ?? figure;
  });
  return { section: results[0]!.section, figures, peakRssBytes: Math.max(...results.map((result) => result.peakRssBytes)) };
}

function positiveInteger(text: string | undefined, fallback: number, flag: string): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (Number.isInteger(value) && value > 0) return value;
  console.error(`${flag}: expected a positive whole number, got "${text}"`);
  return undefined;
}

async function runSectionInChild(name: string, contextJson: string | undefined): Promise<number> {
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve) => {
      if (process.send === undefined) {
        console.log(JSON.stringify(message));
        resolve();
      } else {
        process.send(message, () => resolve());
      }
    });
  const section = sections.find((candidate) => candidate.name === name);
  if (section === undefined || contextJson === undefined) {
    await send({ error: `no section ${name}` });
    return 2;
  }
  try {
    collectGarbage();
    const figures = await section.run(JSON.parse(contextJson) as BenchContext);
    await send({ result: { section: name, figures, peakRssBytes: peakRssBytes() } });
    return 0;
  } catch (error) {
    await send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return 1;
  }
}

function printSummary(results: readonly SectionResult[], measured: readonly (readonly SectionResult[])[]): void {
  const rounds = Math.max(...measured.map((each) => each.length));
  const floor = results.flatMap((result) => result.figures).find((figure) => figure.label === FLOOR_FIGURE)?.seconds;
  const rows = results.flatMap((result) =>
    result.figures
      .filter((figure) => figure.seconds !== undefined)
      .map((figure) => [
        `${result.section}: ${figure.label}`,
        formatSeconds(figure.seconds!),
        figure.events === undefined ? '' : formatRate(figure.events, figure.seconds!),
        floor === undefined ? '' : `${(figure.seconds! / floor).toFixed(2)}×`,
        formatBytes(result.peakRssBytes),
      ]),
  );
  console.log(rounds > 1 ? `── summary: the median of ${rounds} rounds` : '── summary');
  console.log(renderTable(['figure', 'time', 'events/s', 'vs floor', 'peak RSS'], rows));

  // The goals' ratios, each from two figures of the same round (measured minutes apart
  // at most): with several rounds, their median and range.
  const secondsIn = (round: number, section: string | undefined, label: string): number | undefined =>
    measured
      .map((each) => each[round])
      .filter((result): result is SectionResult => result !== undefined && (section === undefined || result.section === section))
      .flatMap((result) => result.figures)
      .find((figure) => figure.label === label)?.seconds;
  const ratioRow = (name: string, ratioIn: (round: number) => number | undefined): string[][] => {
    const ratios = Array.from({ length: rounds }, (_, round) => ratioIn(round)).filter((ratio): ratio is number => ratio !== undefined && Number.isFinite(ratio));
    if (ratios.length === 0) return [];
    const median = percentiles(ratios, [50]).get(50)!;
    const range = ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×` : '';
    return [[name, `${median.toFixed(2)}×`, range, ratios.map((ratio) => ratio.toFixed(2)).join(', ')]];
  };
  const goalTable = (title: string, goalRows: string[][]): void => {
    if (goalRows.length === 0) return;
    console.log(`\n── ${title}`);
    console.log(renderTable(['ratio', 'median', 'range', 'per round'], goalRows));
  };
  // Issue 14: the full report at most 1.2× the one-thread floor divided by the threads it uses.
  goalTable('the full report against the floor per core (the one-thread floor ÷ threads); goal: at most 1.2×', [
    ...ratioRow('report-ranges (1 thread) ÷ floor', (round) => divide(secondsIn(round, 'report-ranges', REPORT_FIGURE), secondsIn(round, 'floor', FLOOR_FIGURE))),
    ...ratioRow(`report-threads (${REPORT_THREADS} threads) ÷ (floor ÷ ${REPORT_THREADS})`, (round) => divide(secondsIn(round, 'report-threads', REPORT_FIGURE), divide(secondsIn(round, 'floor', FLOOR_FIGURE), REPORT_THREADS))),
  ]);
  // Not a goal: the same with the worker started before the rules load, as the CLI starts it.
  goalTable(`the same with the worker started as the CLI starts it, before the rules load (report-threads-early; not the goal's figure)`, [
    ...ratioRow(`report-threads-early (${REPORT_THREADS} threads) ÷ (floor ÷ ${REPORT_THREADS})`, (round) => divide(secondsIn(round, 'report-threads-early', REPORT_FIGURE), divide(secondsIn(round, 'floor', FLOOR_FIGURE), REPORT_THREADS))),
    ...ratioRow('report-threads-early ÷ report-threads', (round) => divide(secondsIn(round, 'report-threads-early', REPORT_FIGURE), secondsIn(round, 'report-threads', REPORT_FIGURE))),
  ]);
  // Issue 10: GA4-shaped NDJSON at most 1.5× plain (both in one process of the sources section).
  goalTable(
    'GA4-shaped NDJSON against plain (sources); goal: at most 1.5×',
    SOURCE_GOAL_FIGURES.flatMap(({ plain, ga4, threads }) =>
      ratioRow(`GA4-shaped ÷ plain, ${threads === 1 ? '1 thread' : `${threads} threads`}`, (round) => divide(secondsIn(round, 'sources', ga4), secondsIn(round, 'sources', plain))),
    ),
  );
  // Issue 14: the full report in at most half DuckDB's time.
  goalTable('the full report against DuckDB; goal: at most 0.5×', [
    ...ratioRow('report-ranges (1 thread) ÷ DuckDB', (round) => divide(secondsIn(round, 'report-ranges', REPORT_FIGURE), secondsIn(round, undefined, DUCKDB_FIGURE))),
    ...ratioRow(`report-threads (${REPORT_THREADS} threads) ÷ DuckDB`, (round) => divide(secondsIn(round, 'report-threads', REPORT_FIGURE), secondsIn(round, undefined, DUCKDB_FIGURE))),
    ...ratioRow(`floor-threads ÷ DuckDB`, (round) => divide(secondsIn(round, 'floor-threads', FLOOR_THREADS_FIGURE), secondsIn(round, undefined, DUCKDB_FIGURE))),
  ]);
  // Issue 14: each doubling step of the linear section at most 2.3× the size before's.
  const stepIn = (round: number, label: string): { ratio: number; goal: boolean } | undefined =>
    measured
      .map((each) => each[round])
      .find((result) => result?.section === 'linear')
      ?.figures.find((figure) => figure.label === label)?.step;
  const stepLabels = [...new Set(measured.flat().filter((result) => result.section === 'linear').flatMap((result) => result.figures.filter((figure) => figure.step !== undefined).map((figure) => figure.label)))];
  const stepRows = (goal: boolean): string[][] =>
    stepLabels.filter((label) => Array.from({ length: rounds }, (_, round) => stepIn(round, label)).some((step) => step?.goal === goal)).flatMap((label) => ratioRow(label, (round) => stepIn(round, label)?.ratio));
  goalTable('linear costs: each step against the size before (linear); goal: at most 2.3×', stepRows(true));
  goalTable('linear steps outside the goal (an exact sum grows as its numbers do)', stepRows(false));
  const duckdb = results.find((result) => result.figures.some((figure) => figure.label === DUCKDB_FIGURE));
  if (duckdb === undefined) return;
  const memory = results.flatMap((result) =>
    result.section === 'report-ranges' || result.section === 'report-threads' ? [[result.section, formatBytes(result.peakRssBytes), `${(result.peakRssBytes / duckdb.peakRssBytes).toFixed(2)}×`]] : [],
  );
  if (memory.length === 0) return;
  console.log(`\n── peak RSS against DuckDB's (${formatBytes(duckdb.peakRssBytes)})`);
  console.log(renderTable(['full report', 'peak RSS', 'vs DuckDB'], memory));
}

function divide(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}

if (isFloorThreadsWorker()) {
  runFloorThreadsWorker();
} else if (isProjectedClassifyWorker()) {
  runProjectedClassifyWorker();
} else {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
