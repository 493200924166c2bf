// The floor: what reading the file and JSON.parse of every line cost with nothing else
// done. No reader of NDJSON events can be faster than this, so the other sections are
// read against it.

import { createReadStream } from 'node:fs';
import type { BenchSection } from '../section';
import { timed } from '../measure';

/** Calls `onLine` for every line of the file (without its newline), reading 1 MiB at a time. */
export async function forEachLine(file: string, onLine: (line: string) => void): Promise<void> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      onLine(text.slice(from, newline));
      from = newline + 1;
    }
    rest = text.slice(from);
  }
  if (rest !== '') onLine(rest);
}

export const FLOOR_FIGURE = 'read + split + JSON.parse';

export const floorSection: BenchSection = {
  name: 'floor',
  title: 'reading the file and JSON.parse of every line, nothing else',
  async run(context) {
    const read = await timed(async () => {
      let lines = 0;
      let characters = 0;
      await forEachLine(context.eventsFile, (line) => {
        lines++;
        characters += line.length;
      });
      return { lines, characters };
    });
    const parsed = await timed(async () => {
      let objects = 0;
      await forEachLine(context.eventsFile, (line) => {
        if (line.trim() === '') return;
        const value: unknown = JSON.parse(line);
        if (value !== null && typeof value === 'object') objects++;
      });
      return objects;
    });
    return [
      { label: 'read + split lines', seconds: read.seconds, events: read.value.lines },
      { label: FLOOR_FIGURE, seconds: parsed.seconds, events: parsed.value, detail: `${parsed.value} objects` },
    ];
  },
};
