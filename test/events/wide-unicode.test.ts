// An NDJSON or JSON events file in UTF-16 or UTF-32 (Windows PowerShell's `>` writes
// UTF-16LE with its byte order mark) was read as UTF-8: every line skipped as invalid
// UTF-8 or invalid JSON, cut at the wrong bytes, and the report held no event, exit 0.
// It is refused in one line naming the encoding (engine/events/wide-unicode), exit 2,
// wherever it is read: a file (on one thread and on two), `.gz`, a zip entry, standard
// input, a stream cut into chunks anywhere. A UTF-8 file with its byte order mark, or
// one too short to hold a mark, reads as before.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EventFileError } from '../../engine/events/event-format';
import { readEventStream } from '../../engine/events/read-events';
import { gzip, zipBuffer } from '../support/containers';
import { collect, cutAt, pieces } from '../support/event-chunks';
import { runCli } from '../support/run-cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-wide-unicode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NDJSON = '{"user_id":"u1","time":1000,"utm_medium":"cpc"}\n{"user_id":"u2","time":2000,"utm_medium":"email"}\n';
const ARRAY = '[{"user_id":"u1","time":1000,"utm_medium":"cpc"}]';

const ENCODINGS: [name: string, encode: (text: string) => Buffer][] = [
  ['UTF-16LE', (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
  ['UTF-16BE', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
  ['UTF-32LE', (text) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(Uint32Array.from([...text], (c) => c.codePointAt(0)!).buffer)])],
];

const RULES = 'channel "Paid"\n  when utm_medium = "cpc"\n';

describe('an NDJSON or JSON input in UTF-16 or UTF-32', () => {
  it.each(ENCODINGS)('%s: refused by name as a stream, cut into chunks anywhere', async (name, encode) => {
    for (const [format, text] of [['ndjson', NDJSON], ['json', ARRAY]] as const) {
      const bytes = encode(text);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), async (points) => {
          const read = collect(readEventStream(pieces(cutAt(bytes, points)), format, 'input'));
          await expect(read).rejects.toThrow(new EventFileError(`input: starts with the ${name} byte order mark (${name === 'UTF-32LE' ? 'FF FE 00 00' : name === 'UTF-16LE' ? 'FF FE' : 'FE FF'}, byte offset 0): NDJSON and JSON events are read as UTF-8; convert the file (iconv -f ${name} -t UTF-8)`));
        }),
        { numRuns: 30 },
      );
    }
  });

  it('a UTF-8 file with its byte order mark, cut into chunks anywhere, and inputs shorter than a mark read as before', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NDJSON)]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 8 }), { maxLength: 3 }), async (points) => {
        const read = await collect(readEventStream(pieces(cutAt(bytes, points)), 'ndjson', 'input'));
        expect(read.events.map((event) => event.props.user_id)).toEqual(['u1', 'u2']);
        expect(read.skipped).toEqual([]);
      }),
      { numRuns: 30 },
    );
    expect((await collect(readEventStream(pieces([Buffer.from('{}')]), 'ndjson', 'input'))).events).toHaveLength(1);
    expect(await collect(readEventStream(pieces([Buffer.from([0xff])]), 'ndjson', 'input'))).toMatchObject({ events: [], skipped: [{ line: 1 }] });
    expect(await collect(readEventStream(pieces([]), 'ndjson', 'input'))).toEqual({ events: [], skipped: [] });
  });

  it('the CLI refuses it in one line, exit 2: a file on one thread and two, .gz, a zip entry, standard input', async () => {
    const rules = path.join(dir, 'r.channels');
    writeFileSync(rules, RULES);
    const events = path.join(dir, 'powershell.ndjson');
    const utf16 = ENCODINGS[0]![1](NDJSON);
    writeFileSync(events, utf16);
    writeFileSync(`${events}.gz`, gzip(utf16));
    writeFileSync(path.join(dir, 'export.zip'), await zipBuffer([{ kind: 'file', name: 'day.ndjson', data: utf16 }]));
    writeFileSync(path.join(dir, 'array.json'), ENCODINGS[0]![1](ARRAY));
    const message = (where: string) => `${where}: starts with the UTF-16LE byte order mark (FF FE, byte offset 0): NDJSON and JSON events are read as UTF-8; convert the file (iconv -f UTF-16LE -t UTF-8)`;
    const runs: [string[], string][] = [
      [['classify', rules, '--events', events], message(events)],
      [['report', rules, '--events', events, '--threads', '1'], message(events)],
      [['report', rules, '--events', events, '--threads', '2'], message(events)],
      [['report', rules, '--events', `${events}.gz`], message(`${events}.gz`)],
      [['classify', rules, '--events', path.join(dir, 'export.zip')], message(`${path.join(dir, 'export.zip')}: entry "day.ndjson"`)],
      [['classify', rules, '--events', path.join(dir, 'array.json')], message(path.join(dir, 'array.json'))],
    ];
    for (const [args, expected] of runs) {
      const run = runCli(args);
      expect(run.stderr, args.join(' ')).toBe(`channel-rules ${args[0]}: ${expected}\n`);
      expect(run.code, args.join(' ')).toBe(2);
    }
    const piped = runCli(['classify', rules, '--events', '-'], { input: utf16 });
    expect(piped.stderr).toBe(`channel-rules classify: ${message('standard input')}\n`);
    expect(piped.code).toBe(2);
  });
});
