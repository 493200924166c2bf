// Fuzzing the events readers: random bytes and mutated example files, split into
// chunks anywhere, in every format. A bad line is a skipped line, never a throw; the
// only errors are EventFileError for a `.json` file that is not an array, for a CSV
// header row that is not UTF-8, and for bytes that start as UTF-16 or UTF-32 do. A range
// read through the JSON projection (a WebAssembly scanner) gives the columns the
// JSON.parse reader gives.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readEventStream } from '../../engine/events/read-events';
import { EventFileError, type EventFormat } from '../../engine/events/event-format';
import { FUZZ_TEST_TIMEOUT_MS, fuzzRuns, RUN_BUDGET_MS } from './fuzz-budget';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { eventFieldsFor, type EventSourceOptions } from '../../engine/events/event-source';
import { JsonProjection } from '../../engine/events/json-projection';
import { RangeReader, type ProjectionFactory } from '../../engine/report/range-columns';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'ga4-sample.ndjson')).subarray(0, 8192);
const CSV = Buffer.from('user_id,time,event_type,utm_source\nu1,2024-01-01,page_view,google\n"u2",1700000000000,"purchase","a,""b"""\nu3,,x\n');
const JSON_ARRAY = Buffer.from(`[${EXAMPLE.toString('utf8').split('\n').filter((line) => line.startsWith('{') && line.endsWith('}')).slice(0, 10).join(',')}]`);

const mutatedBytes = (base: Buffer) =>
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 16 }), fc.uint8Array({ maxLength: 8 })), { maxLength: 8 }).map((edits) => {
    let out = Buffer.from(base);
    for (const [at, length, insert] of edits) {
      const start = out.length === 0 ? 0 : at % out.length;
      out = Buffer.concat([out.subarray(0, start), Buffer.from(insert), out.subarray(start + length)]);
    }
    return out;
  });

const input = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), mutatedBytes(EXAMPLE), mutatedBytes(CSV), mutatedBytes(JSON_ARRAY));

async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(bytes.length, cut);
    if (end > start) yield bytes.subarray(start, end);
    start = Math.max(start, end);
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

describe('fuzz: events readers', () => {
  it('read any bytes, split anywhere, without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.array(fc.nat({ max: 9000 }), { maxLength: 5 }), fc.constantFrom<EventFormat>('ndjson', 'json', 'csv'), async (bytes, cuts, format) => {
        const started = Date.now();
        try {
          for await (const batch of readEventStream(chunked(bytes, cuts), format, 'fuzz')) {
            for (const skipped of batch.skipped) expect(skipped.line).toBeGreaterThanOrEqual(1);
            for (const event of batch.events) expect(typeof event.props).toBe('object');
          }
        } catch (error) {
          const expected =
            error instanceof EventFileError &&
            (format === 'json' ||
              (format === 'csv' && error.message.startsWith('fuzz: the CSV header row holds invalid UTF-8')) ||
              /^fuzz: starts with .*; convert the file \(iconv -f UTF-(16|32)[LB]E -t UTF-8\)$/.test(error.message));
          if (!expected) throw error;
        }
        expect(Date.now() - started).toBeLessThan(RUN_BUDGET_MS);
      }),
      { numRuns: fuzzRuns(300) },
    );
  }, FUZZ_TEST_TIMEOUT_MS);

  it('read any NDJSON range through the JSON projection as JSON.parse reads it', () => {
    const rules = readRules();
    const classifier = compileClassifier(checkRules(parseChannels(rules), rules));
    const readerOf = (eventFields: EventSourceOptions, projection: boolean): RangeReader => {
      const reader = new RangeReader(classifier, {
        report: true,
        skippedLimit: 20,
        ...(eventFields.from === 'ga4' ? { against: 'auto' } : {}),
        eventFields,
        ...(projection ? { projection: (...args: Parameters<ProjectionFactory>) => new JsonProjection(...args) } : {}),
      });
      reader.decide(eventFieldsFor(undefined, eventFields));
      return reader;
    };
    fc.assert(
      fc.property(fc.oneof(mutatedBytes(EXAMPLE), fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes))), fc.constantFrom<EventSourceOptions>({ from: 'ga4' }, { from: 'plain' }), (bytes, eventFields) => {
        const started = Date.now();
        expect(readerOf(eventFields, true).readRange(bytes, false, 0)).toEqual(readerOf(eventFields, false).readRange(bytes, false, 0));
        expect(Date.now() - started).toBeLessThan(RUN_BUDGET_MS);
      }),
      { numRuns: fuzzRuns(300) },
    );
  }, FUZZ_TEST_TIMEOUT_MS);
});

function readRules(): string {
  return fs.readFileSync(path.join(ROOT, 'examples', 'ga4-default.channels'), 'utf8');
}
