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

import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchEvents } from './bench-data';
import { collectGarbage, figureRows, formatBytes, formatRate, formatSeconds, peakRssBytes, renderTable, type SectionResult } from './measure';
import type { BenchContext } from './section';
import { sections } from './sections/index';
import { runSectionInChildProcess, type ChildMessage } from './run-section';
import { REPORT_FIGURE } from './sections/report';
import { DUCKDB_FIGURE } from './sections/duckdb';
import { FLOOR_THREADS_FIGURE, isFloorThreadsWorker, runFloorThreadsWorker } from './sections/floor-threads';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_EVENTS = 1_000_000;
const DEFAULT_SEED = 42;
const FLOOR_FIGURE = 'read + split + JSON.parse';

const USAGE = `usage: npm run bench -- [--only SECTION[,SECTION…]] [--events N] [--seed N] [--rules FILE] [--list]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      events: { type: 'string' },
      seed: { type: 'string' },
      rules: { type: 'string' },
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
  if (events === undefined || seed === undefined) return 2;
  const rulesFile = path.resolve(values.rules ?? path.join(ROOT, 'examples', 'ga4-default.channels'));

  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${formatBytes(os.totalmem())} RAM`);
  const data = ensureBenchEvents(ROOT, events, seed);
  console.log(
    `${events.toLocaleString('en-US')} events (seed ${seed}), ${formatBytes(data.bytes)} NDJSON: ${path.relative(process.cwd(), data.file)}` +
      (data.generatedInSeconds === undefined ? ' (cached)' : ` (generated in ${formatSeconds(data.generatedInSeconds)})`),
  );
  console.log(`rules: ${path.relative(process.cwd(), rulesFile)}\n`);

  const context: BenchContext = { root: ROOT, eventsFile: data.file, eventCount: events, eventBytes: data.bytes, rulesFile, seed };
  const results: SectionResult[] = [];
  let failed = false;
  for (const section of selected) {
    console.log(`── ${section.name}: ${section.title}`);
    const message = await runSectionInChildProcess(section.name, context);
    if (message.result !== undefined) {
      results.push(message.result);
      console.log(renderTable(['figure', 'time', 'events/s', 'detail'], figureRows(message.result.figures)));
      console.log(`peak RSS ${formatBytes(message.result.peakRssBytes)}\n`);
    } else {
      failed = true;
      console.log(`failed: ${message.error ?? 'no result'}\n`);
    }
  }
  if (results.length > 1) printSummary(results);
  return failed ? 1 : 0;
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

function printSummary(results: readonly SectionResult[]): void {
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
  console.log('── summary');
  console.log(renderTable(['figure', 'time', 'events/s', 'vs floor', 'peak RSS'], rows));
  // Issue 14's goal: the full report in at most half DuckDB's time, measured in this run.
  const duckdb = results.find((result) => result.figures.some((figure) => figure.label === DUCKDB_FIGURE));
  const duckdbSeconds = duckdb?.figures.find((figure) => figure.label === DUCKDB_FIGURE)?.seconds;
  if (duckdb === undefined || duckdbSeconds === undefined) return;
  const ratios = results.flatMap((result) => {
    const figure = result.figures.find((each) => each.label === REPORT_FIGURE);
    if (figure?.seconds === undefined) return [];
    return [[`${result.section}: ${figure.detail?.split(';')[0] ?? ''}`, formatSeconds(figure.seconds), `${(figure.seconds / duckdbSeconds).toFixed(2)}×`, formatBytes(result.peakRssBytes), `${(result.peakRssBytes / duckdb.peakRssBytes).toFixed(2)}×`]];
  });
  const floorThreads = results.flatMap((result) => result.figures).find((figure) => figure.label === FLOOR_THREADS_FIGURE);
  if (floorThreads?.seconds !== undefined) ratios.push([`floor-threads: ${FLOOR_THREADS_FIGURE}`, formatSeconds(floorThreads.seconds), `${(floorThreads.seconds / duckdbSeconds).toFixed(2)}×`, '', '']);
  if (ratios.length === 0) return;
  console.log(`\n── against DuckDB (${formatSeconds(duckdbSeconds)}, peak RSS ${formatBytes(duckdb.peakRssBytes)}); goal: time ≤ 0.5×`);
  console.log(renderTable(['full report', 'time', 'vs DuckDB', 'peak RSS', 'vs DuckDB'], ratios));
}

if (isFloorThreadsWorker()) {
  runFloorThreadsWorker();
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
