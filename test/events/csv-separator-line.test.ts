// Excel's separator line (engine/events/csv-separator-line): a CSV whose first line is
// `sep=,` was read with `sep=` and `` as its header, and every row was skipped as having
// no user, exit 0. The line is dropped (the header is line 2), however the bytes are cut,
// after a UTF-8 or UTF-16LE byte order mark, with LF or CRLF and a last row without a
// line end; a separator line naming another separator refuses the file in one line,
// exit 2.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventFileError } from '../../engine/events/event-format';
import { readEventFileBytes } from '../../engine/events/read-event-bytes';
import { readEventStream } from '../../engine/events/read-events';
import { gzip, zipBuffer } from '../support/containers';
import { collect, cutAt, pieces } from '../support/event-chunks';
import { runCli } from '../support/run-cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-csv-sep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (eol: string) => `sep=,${eol}user_id,time,utm_medium${eol}u1,1000,cpc${eol}"u2",2000,"two${eol}lines"${eol}u3,3000,x`;
const EXPECTED = {
  events: [
    { line: 3, props: { user_id: 'u1', time: '1000', utm_medium: 'cpc' } },
    { line: 4, props: { user_id: 'u2', time: '2000', utm_medium: 'two\nlines' } },
    { line: 6, props: { user_id: 'u3', time: '3000', utm_medium: 'x' } },
  ],
  skipped: [],
};

describe("Excel's separator line", () => {
  it.each([
    ['LF', '\n', (text: string) => Buffer.from(text)],
    ['CRLF', '\r\n', (text: string) => Buffer.from(text)],
    ['CRLF after the UTF-8 byte order mark', '\r\n', (text: string) => Buffer.from(`\ufeff${text}`)],
    ['CRLF in UTF-16LE', '\r\n', (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le')],
  ])('`sep=,` is dropped (%s), the bytes cut at every offset', async (_, eol, encode) => {
    const bytes = encode(rows(eol));
    const expected = eol === '\n' ? EXPECTED : { ...EXPECTED, events: EXPECTED.events.map((event) => (event.props.user_id === 'u2' ? { ...event, props: { ...event.props, utm_medium: 'two\r\nlines' } } : event)) };
    for (let at = 0; at <= bytes.length; at++) expect(await collect(readEventStream(pieces(cutAt(bytes, [at])), 'csv', 'input'))).toEqual(expected);
    expect(await collect(readEventFileBytes(await zipBuffer([{ kind: 'file', name: 'day.csv', data: bytes }]), 'e.zip'))).toEqual(expected);
  });

  it('a header `sep=,` after line 1 is a header, as Excel reads it', async () => {
    const read = await collect(readEventStream(pieces([Buffer.from('\nsep=,\nu1,1\n')]), 'csv', 'input'));
    expect(read.events).toEqual([{ line: 3, props: { 'sep=': 'u1', '': '1' } }]);
  });

  it.each([
    [';', 'sep=;\r\nuser_id;time\r\nu1;1\r\n', '"sep=;", cells separated by ";"'],
    ['a tab', 'sep=\t\nuser_id\ttime\nu1\t1\n', '"sep=\\t", cells separated by "\\t"'],
  ])('a separator line naming %s refuses the file in one line, exit 2', async (_, text, named) => {
    const message = (where: string) => `${where}: line 1 is Excel's separator line ${named}: CSV events are read with cells separated by ","; save the file as comma-separated`;
    await expect(collect(readEventStream(pieces(cutAt(Buffer.from(text), [3])), 'csv', 'input'))).rejects.toThrow(new EventFileError(message('input')));
    const rules = path.join(dir, 'r.channels');
    writeFileSync(rules, 'channel "Paid"\n  when utm_medium = "cpc"\n');
    const events = path.join(dir, 'excel.csv.gz');
    writeFileSync(events, gzip(text));
    for (const threads of ['1', '2']) {
      const run = runCli(['report', rules, '--events', events, '--threads', threads]);
      expect(run.stderr).toBe(`channel-rules report: ${message(events)}\n`);
      expect(run.code).toBe(2);
    }
  });
});

describe('a header of one cell cut by semicolons or tabs (Excel in a locale whose list separator is ";")', () => {
  it.each([
    ['semicolons, CRLF', 'user_id;time;utm_medium\r\nu1;1000;cpc\r\n', '"user_id;time;utm_medium", cells separated by ";"'],
    ['tabs', 'user_id\ttime\nu1\t1000\n', '"user_id\\ttime", cells separated by "\\t"'],
    ['semicolons after a blank line, a UTF-8 byte order mark', '\ufeff\nuser_id;time\nu1;1\n', '"user_id;time", cells separated by ";"'],
  ])('%s: refused in one line, exit 2, however the bytes are cut', async (_, text, named) => {
    const line = text.replace('\ufeff', '').startsWith('\n') ? 2 : 1;
    const message = (where: string) => `${where}: the CSV header row (line ${line}) is one cell ${named}: CSV events are read with cells separated by ","; save the file as comma-separated`;
    const bytes = Buffer.from(text);
    for (let at = 0; at <= bytes.length; at++) await expect(collect(readEventStream(pieces(cutAt(bytes, [at])), 'csv', 'input'))).rejects.toThrow(new EventFileError(message('input')));
    await expect(collect(readEventFileBytes(await zipBuffer([{ kind: 'file', name: 'day.csv', data: bytes }]), 'e.zip'))).rejects.toThrow(/entry "day\.csv": the CSV header row .* is one cell/);
    const rules = path.join(dir, 'r.channels');
    writeFileSync(rules, 'channel "Paid"\n  when utm_medium = "cpc"\n');
    const events = path.join(dir, 'semicolons.csv');
    writeFileSync(events, bytes);
    for (const threads of ['1', '2']) {
      const run = runCli(['report', rules, '--events', events, '--threads', threads]);
      expect(run.stderr).toBe(`channel-rules report: ${message(events)}\n`);
      expect(run.code).toBe(2);
    }
  });

  it('a long one-cell header is quoted to 60 characters', async () => {
    const header = Array.from({ length: 40 }, (_, i) => `column_${i}`).join(';');
    await expect(collect(readEventStream(pieces([Buffer.from(`${header}\nu1;1\n`)]), 'csv', 'input'))).rejects.toThrow(`is one cell "${header.slice(0, 59)}…", cells separated by ";"`);
  });

  it('a one-cell header that no semicolon or tab cuts into two names is a header', async () => {
    for (const text of ['user_id\nu1\n', 'user_id;\nu1\n', '"a;"\nu1\n', 'user_id,time\nu1;x,1\n']) {
      const read = await collect(readEventStream(pieces([Buffer.from(text)]), 'csv', 'input'));
      expect(read.events).toHaveLength(1);
    }
  });
});

it('a one-cell header of astral characters is quoted whole up to 60 characters, and cut after 59 with … past them', async () => {
  for (const [count, shown] of [[60, '😀'.repeat(29) + ';' + '😀'.repeat(30)], [61, `${'😀'.repeat(29)};${'😀'.repeat(29)}…`]] as const) {
    const header = '😀'.repeat(29) + ';' + '😀'.repeat(count - 30);
    await expect(collect(readEventStream(pieces([Buffer.from(`${header}\nu1;1\n`)]), 'csv', 'input'))).rejects.toThrow(`is one cell "${shown}", cells separated by ";"`);
  }
});
