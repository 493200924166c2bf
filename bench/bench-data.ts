// The benchmark's input: NDJSON from bench/generate-events, written once into
// bench/.data/ (gitignored) and reused while the generator, seed and size are the same.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_VERSION, generateEventLines } from './generate-events';

export interface BenchData {
  file: string;
  events: number;
  bytes: number;
  /** Seconds spent generating it now; undefined when the cached file was used. */
  generatedInSeconds?: number;
}

const WRITE_CHUNK = 4 * 1024 * 1024;

/** `directory`: where to keep it (default bench/.data; the 10M run uses a temporary folder). */
export function ensureBenchEvents(root: string, events: number, seed: number, directory = path.join(root, 'bench', '.data')): BenchData {
  const file = path.join(directory, `events-${events}-seed${seed}-v${GENERATOR_VERSION}.ndjson`);
  if (existsSync(file)) return { file, events, bytes: statSync(file).size };

  mkdirSync(directory, { recursive: true });
  const start = performance.now();
  // Written under a temporary name and renamed, so an interrupted run leaves no half file in the cache.
  const partial = `${file}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    let chunk = '';
    for (const line of generateEventLines({ seed, events })) {
      chunk += `${line}\n`;
      if (chunk.length >= WRITE_CHUNK) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return { file, events, bytes: statSync(file).size, generatedInSeconds: (performance.now() - start) / 1000 };
}
