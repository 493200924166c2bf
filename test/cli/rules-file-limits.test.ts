// Issue 11 items 2 and 9: a rules file must be a regular file of at most 16 MiB
// (`check /dev/zero` once grew to 16.8 GB), and bytes that are not UTF-8 are a
// `syntax` error naming the byte offset (they once became U+FFFD silently). Events
// stream without a size limit; a CSV row longer than 64 MiB is skipped instead of held,
// and the rows after it are read with their lines (they were all lost: csv-parse's own
// limit stopped it reading; small limits: test/events/csv-row-limit.test.ts; NDJSON
// lines: test/events/splitters.test.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllEventText } from '../../engine/events/read-events';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG } from '../../engine/events/record-limit';
import { decodeUtf8 } from '../../engine/text/utf8';
import { runCli } from '../support/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-limits-'));

describe('rules files', () => {
  it.skipIf(!fs.existsSync('/dev/zero'))('a device is refused at once, in one line, exit 2', () => {
    for (const command of [['check', '/dev/zero'], ['classify', '/dev/zero', '--events', 'x.ndjson'], ['diff', '/dev/zero', '/dev/zero']]) {
      const result = runCli(command);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^channel-rules \w+: cannot read (BASE )?rules file \/dev\/zero: not a regular file\n$/);
    }
  });

  it('a file over 16 MiB is refused in one line, exit 2', () => {
    const file = path.join(dir, 'huge.channels');
    fs.writeFileSync(file, Buffer.alloc(16 * 1024 * 1024 + 1, 0x23 /* # */));
    const result = runCli(['check', file]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `channel-rules check: cannot read rules file ${file}: more than the 16 MiB a rules file may have\n` });
  });

  it('invalid UTF-8 is a syntax error naming the byte offset', () => {
    const file = path.join(dir, 'latin1.channels');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('channel "Caf'), Buffer.from([0xe9]), Buffer.from('" when a = "x"\n')]));
    const check = runCli(['check', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${file}:1:13 error syntax invalid UTF-8 at byte offset 12 (0xE9); rules files must be UTF-8`);
    const classify = runCli(['classify', file, '--events', path.join(dir, 'none.ndjson')]);
    expect(classify.code).toBe(2);
    expect(classify.stderr).toBe(`channel-rules classify: ${file}:1:13: syntax: invalid UTF-8 at byte offset 12 (0xE9); rules files must be UTF-8\n`);
  });
});

describe('decodeUtf8', () => {
  it('replaces exactly as TextDecoder does, and says where', () => {
    const samples = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0x61, 0xc0, 0xaf, 0x62], [0xf4, 0x90, 0x80, 0x80]];
    for (const sample of samples) {
      const bytes = Uint8Array.from([0x41, ...sample, 0x42]);
      const decoded = decodeUtf8(bytes);
      expect(decoded.text).toBe(new TextDecoder().decode(bytes));
      expect(decoded.invalid.length).toBeGreaterThan(0);
      expect(decoded.invalid[0]!.byteOffset).toBeGreaterThanOrEqual(1);
      for (const { offset } of decoded.invalid) expect(decoded.text[offset]).toBe('\uFFFD');
    }
    expect(decodeUtf8(Buffer.from('é😀'))).toEqual({ text: 'é😀', invalid: [] });
  });
});

describe('events', () => {
  it('a CSV row longer than 64 MiB is skipped instead of held, and the rows after it are read', async () => {
    const long = 'a'.repeat(MAX_RECORD_CHARS + 10);
    const csv = await readAllEventText(`user_id,x\nu,1\nu,${long}\nu,4\nu,5\n`, 'csv');
    expect(csv.events.map((event) => event.line)).toEqual([2, 4, 5]);
    expect(csv.skipped).toEqual([{ line: 3, reason: `CSV: a row ${RECORD_TOO_LONG}` }]);
  });

  it('the CLI: a quoted CSV cell of 70 MiB holding line breaks, from standard input', () => {
    const rules = path.join(dir, 'email.channels');
    fs.writeFileSync(rules, 'channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n');
    const mib = 'x'.repeat(1 << 20);
    const rows = Array.from({ length: 10 }, (_, i) => `u${i + 2},2024-01-01,email\n`).join('');
    const input = Buffer.from(`user_id,time,utm_medium\nu0,2024-01-01,email\nu1,2024-01-01,"${mib.repeat(35)}\r\n${mib.repeat(35)}\n"\n${rows}`);
    const result = runCli(['classify', rules, '--events', '-', '--events-format', 'csv'], { input });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`channel-rules: skipped 1 unreadable line of standard input\n  standard input:3: CSV: a row ${RECORD_TOO_LONG}\n`);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line).line)).toEqual([2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('a JSON array element longer than 64 MiB is skipped instead of held', async () => {
    const long = `{"x":"${'a'.repeat(MAX_RECORD_CHARS)}"}`;
    const json = await readAllEventText(`[{"n":1},\n${long},\n{"n":3}]`, 'json');
    expect(json.events.map((event) => event.line)).toEqual([1, 3]);
    expect(json.skipped).toEqual([{ line: 2, reason: `array element ${RECORD_TOO_LONG}` }]);
  });
});
