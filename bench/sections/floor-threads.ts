// The floor on several threads: worker threads that each read their share of the file's
// 4 MiB ranges (the lines starting in each, as engine/events/file-line-ranges cuts
// them), split the lines and JSON.parse every one, and nothing else. No report that
// parses every line with JSON.parse on these threads can be faster, so it bounds what
// `report --threads` can reach on this machine: beside DuckDB's time in the summary.

import { Worker } from 'node:worker_threads';
import { timed } from '../measure';
import type { BenchSection } from '../section';
import { REPORT_THREADS } from './report';

export const FLOOR_THREADS_FIGURE = `read + split + JSON.parse on ${REPORT_THREADS} threads`;

// Plain JavaScript, run with `eval: true` (the bench is one bundle; this needs no other).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { file, size, rangeSize, index, threads } = workerData;
const fd = openSync(file, 'r');
let objects = 0;
for (let start = index * rangeSize; start < size; start += threads * rangeSize) {
  const end = Math.min(size, start + rangeSize);
  const from = start === 0 ? 0 : start - 1;
  let bytes = Buffer.allocUnsafe(end - from);
  let got = readSync(fd, bytes, 0, bytes.length, from);
  // The last line runs on past the range's end: read until its LF.
  while (from + got < size && bytes.lastIndexOf(10, got - 1) !== got - 1) {
    const more = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(fd, more, 0, more.length, from + got);
    const newline = more.subarray(0, read).indexOf(10);
    bytes = Buffer.concat([bytes.subarray(0, got), more.subarray(0, newline === -1 ? read : newline + 1)]);
    got = bytes.length;
    if (newline !== -1) break;
  }
  const first = start === 0 ? 0 : bytes.subarray(0, end - from).indexOf(10) + 1;
  if (start > 0 && (first === 0 || first >= end - from)) continue;
  const text = bytes.toString('utf8', first, got);
  for (let at = 0; at < text.length; ) {
    let newline = text.indexOf('\\n', at);
    if (newline === -1) newline = text.length;
    if (newline > at) {
      const value = JSON.parse(text.slice(at, newline));
      if (value !== null && typeof value === 'object') objects++;
    }
    at = newline + 1;
  }
}
closeSync(fd);
parentPort.postMessage(objects);
`;

export const floorThreadsSection: BenchSection = {
  name: 'floor-threads',
  title: `reading and JSON.parse of every line on ${REPORT_THREADS} worker threads, nothing else (the bound for --threads ${REPORT_THREADS})`,
  async run(context) {
    const { statSync } = await import('node:fs');
    const size = statSync(context.eventsFile).size;
    const parsed = await timed(async () => {
      const counts = await Promise.all(
        Array.from({ length: REPORT_THREADS }, (_, index) => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: context.eventsFile, size, rangeSize: 4 << 20, index, threads: REPORT_THREADS } });
          return new Promise<number>((resolve, reject) => {
            worker.once('message', (count: number) => resolve(count));
            worker.once('error', reject);
          }).finally(() => void worker.terminate());
        }),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    });
    return [{ label: FLOOR_THREADS_FIGURE, seconds: parsed.seconds, events: parsed.value, detail: `${parsed.value} objects; workers started inside the time` }];
  },
};
