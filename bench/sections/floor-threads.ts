// The floor on several threads: worker threads that each read their share of the file's
// 4 MiB ranges (the lines starting in each, as engine/events/file-line-ranges cuts
// them), split the lines and JSON.parse every one, and nothing else. No report that
// parses every line with JSON.parse on these threads can be faster, so it bounds what
// `report --threads` can reach on this machine: beside DuckDB's time in the summary.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runInBenchWorker } from '../bench-worker';
import { nominalRanges, openForRanges, RangeBuffer, readLinesStartingIn } from '../../engine/events/file-line-ranges';
import { timed } from '../measure';
import type { BenchSection } from '../section';
import { REPORT_THREADS } from './report';

export const FLOOR_THREADS_FIGURE = `read + split + JSON.parse on ${REPORT_THREADS} threads`;

interface FloorWorkerData {
  floorThreads: true;
  file: string;
  size: number;
  rangeSize: number;
  index: number;
  threads: number;
}

/**
 * A floor worker's work: this bundle (dist/bench.js) started as a worker thread, which
 * ../bench.ts hands here. The ranges are cut as the report's threads cut them
 * (engine/events/file-line-ranges), then only decoded, split and parsed.
 */
export function runFloorThreadsWorker(): void {
  const { file, size, rangeSize, index, threads } = workerData as FloorWorkerData;
  const opened = openForRanges(file, size);
  let objects = 0;
  // As the report's threads read (engine/report/range-worker): one buffer for every range.
  const buffer = new RangeBuffer();
  try {
    for (const { start, end } of nominalRanges(size, rangeSize).filter((_, k) => k % threads === index)) {
      const range = readLinesStartingIn(opened.readAt, size, start, end, Infinity, buffer);
      const text = Buffer.from(range.bytes.buffer, range.bytes.byteOffset, range.bytes.length).toString('utf8');
      for (let at = 0; at < text.length; ) {
        let newline = text.indexOf('\n', at);
        if (newline === -1) newline = text.length;
        if (newline > at) {
          const value: unknown = JSON.parse(text.slice(at, newline));
          if (value !== null && typeof value === 'object') objects++;
        }
        at = newline + 1;
      }
    }
  } finally {
    opened.close();
  }
  parentPort!.postMessage(objects);
}

/** Whether this thread is a floor worker (see runFloorThreadsWorker). */
export function isFloorThreadsWorker(): boolean {
  return !isMainThread && (workerData as Partial<FloorWorkerData> | undefined)?.floorThreads === true;
}

export const floorThreadsSection: BenchSection = {
  name: 'floor-threads',
  title: `reading and JSON.parse of every line on ${REPORT_THREADS} worker threads, nothing else (the bound for --threads ${REPORT_THREADS})`,
  async run(context) {
    const { statSync } = await import('node:fs');
    const size = statSync(context.eventsFile).size;
    const parsed = await timed(async () => {
      const counts = await Promise.all(
        Array.from({ length: REPORT_THREADS }, (_, index) => {
          const data: FloorWorkerData = { floorThreads: true, file: context.eventsFile, size, rangeSize: 4 << 20, index, threads: REPORT_THREADS };
          return runInBenchWorker<number>(data);
        }),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    });
    return [{ label: FLOOR_THREADS_FIGURE, seconds: parsed.seconds, events: parsed.value, detail: `${parsed.value} objects; workers started inside the time` }];
  },
};
