// Issue 10: a bare JSON integer beyond ±2^53 once lost its last digits in JSON.parse
// (12345678901234567890 read as 12345678901234567000, merging two users). It is now its
// exact decimal text, as Parquet's INT64 is, in NDJSON lines and JSON-array elements cut
// into chunks anywhere; integers within ±2^53, floats and everything else read exactly
// as JSON.parse reads them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitRunMarks, hasLongInteger, quoteUnsafeIntegers } from '../../engine/events/exact-integers';
import { readEventStream } from '../../engine/events/read-events';
import { collect } from '../support/event-chunks';
import { runCli } from '../support/run-cli';

async function* pieces(text: string, cuts: readonly number[]): AsyncGenerator<string> {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of points) {
    yield text.slice(from, point);
    from = point;
  }
  yield text.slice(from);
}

/** A JSON value whose integer leaves are bigints, written as raw digits. */
type Tree = bigint | number | string | boolean | null | Tree[] | { [key: string]: Tree };

const bigIntegerArb = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }),
  fc.bigInt({ min: -(2n ** 53n) - 3n, max: -(2n ** 53n) + 3n }),
  fc.bigInt({ min: 10n ** 15n - 2n, max: 10n ** 16n + 2n }),
  fc.constantFrom(10n ** 20n, 10n ** 21n, 2n ** 64n, -(10n ** 21n)),
);
const leafArb: fc.Arbitrary<Tree> = fc.oneof(
  bigIntegerArb,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: fc.constantFrom('1', '2', '"', '\\', ':', ',', '[', ' ', 'a', '-', 'é') }),
  fc.constantFrom(true, false, null),
);
const { tree } = fc.letrec<{ tree: Tree }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(self('tree'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', '12345678901234567', 'c d'), self('tree'), { maxKeys: 4 }),
  ),
}));
const recordArb = fc.dictionary(fc.constantFrom('user_id', 'n', 'x', 'y'), tree, { maxKeys: 4 });

/** The JSON text, bigints as raw digits and with random whitespace. */
function write(value: Tree, space: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${space}${value.map((item) => write(item, space)).join(`,${space}`)}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${space}${write(item, space)}`).join(`,${space}`)}}`;
  return JSON.stringify(value);
}

/** What reading must give: integers within ±2^53 as numbers, others as their digits (independent of the reader). */
function expected(value: Tree): unknown {
  if (typeof value === 'bigint') {
    // A field's text is the integer's digits: a number when its text is those digits.
    const number = Number(value);
    return String(number) === value.toString() ? number : value.toString();
  }
  if (Array.isArray(value)) return value.map(expected);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expected(item)]));
  return typeof value === 'number' ? JSON.parse(JSON.stringify(value)) : value;
}

describe('integers beyond ±2^53 keep their digits', () => {
  it('NDJSON and JSON arrays, cut anywhere: the digits as text, everything else as JSON.parse reads it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 5 }), fc.constantFrom('', ' ', '\n '), fc.array(fc.nat(), { maxLength: 6 }), async (records, space, cuts) => {
        const ndjson = records.map((record) => write(record, space.replace('\n', ''))).join('\n');
        const array = `[${space}${records.map((record) => write(record, space)).join(`,${space}`)}]`;
        const want = records.map((record, k) => ({ line: k + 1, props: expected(record) }));
        expect(await collect(readEventStream(pieces(ndjson, cuts), 'ndjson', 'x'))).toEqual({ events: want, skipped: [] });
        expect(await collect(readEventStream(pieces(array, cuts), 'json', 'x'))).toEqual({ events: want, skipped: [] });
      }),
      { numRuns: 400 },
    );
  });

  it('the examples of the docs', async () => {
    const text = '{"user_id":12345678901234567890,"n":9007199254740993,"m":9007199254740991,"f":12345678901234567890.5,"e":1e30,"s":"12345678901234567890","a":[-98765432109876543210]}\n';
    const read = await collect(readEventStream(pieces(text, []), 'ndjson', 'x'));
    expect(read.events[0]!.props).toEqual({
      user_id: '12345678901234567890',
      n: '9007199254740993',
      m: 9007199254740991,
      f: 12345678901234567000,
      e: 1e30,
      s: '12345678901234567890',
      a: ['-98765432109876543210'],
    });
  });

  it('the sampling finds every digit run of 16 or more where a number may start, as a regex over the whole text does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '9', '0', '"', ':', ',', '[', ' ', '-', 'a', '\n', '.') , maxLength: 200 }), (text) => {
        const want: number[] = [];
        for (const match of text.matchAll(/(?<=[:,[ \t\r\n]-?)\d{16,}/g)) {
          const start = match.index;
          const end = start + match[0].length;
          const preceded = text[start - 1] === '-' ? start - 1 : start;
          if (preceded > 0 && end < text.length && start > 0) want.push(start);
        }
        expect(digitRunMarks(text).map((mark) => mark.offset)).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('a whole record holds a long integer when the regex finds one in its text with a space on either side (runs may touch its edges)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '9', '0', '"', ':', ',', '[', ' ', '-', 'a', '\n', '.'), maxLength: 120 }), (text) => {
        expect(hasLongInteger(text)).toBe(/(?<=[:,[ \t\r\n]-?)\d{16,}/.test(` ${text} `));
      }),
      { numRuns: 4000 },
    );
    expect(hasLongInteger('12345678901234567')).toBe(true);
    expect(hasLongInteger('-12345678901234567')).toBe(true);
    expect(hasLongInteger('a12345678901234567')).toBe(false);
    expect(hasLongInteger('1234567890123456')).toBe(true);
    expect(hasLongInteger('123456789012345')).toBe(false);
  });

  it('quoting leaves strings and safe numbers alone', () => {
    expect(quoteUnsafeIntegers('{"a":"12345678901234567890","b":1}')).toBeUndefined();
    expect(quoteUnsafeIntegers('{"a\\"":12345678901234567890}')).toBe('{"a\\"":"12345678901234567890"}');
  });
});

describe('the CLI', () => {
  it('two users whose ids differ beyond 2^53 are two users (they were one)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-bigint-'));
    try {
      const rules = path.join(dir, 'rules.channels');
      const events = path.join(dir, 'events.ndjson');
      writeFileSync(rules, 'channel "Email" when utm_medium = "email"\n');
      writeFileSync(events, '{"user_id":12345678901234567890,"time":1000,"utm_medium":"email"}\n{"user_id":12345678901234567891,"time":2000,"utm_medium":"email"}\n');
      const result = runCli(['report', rules, '--events', events, '--format', 'json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ events: 2, users: 2, sessionCount: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
