// Containers through the CLI (SPEC §3.1): damaged gzip/zip/Parquet are exit 2 with one
// line naming file, entry and byte offset and no report; a zip bomb is exit 2 within a
// small heap; standard input in every --events-format (gzip, zip and Parquet sniffed);
// entry names in classify output, skipped-line references and the skipped-entries line.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { ByteWriter, parquetWriteBuffer } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { BIN, ROOT, runCli } from '../support/run-cli';
import { csvText, gzip, renameEntries, zipBuffer } from '../support/containers';

const RULES = 'examples/amplitude-example.channels';
const EVENTS = 'examples/amplitude-example.ndjson';
const FIXTURES = 'test/fixtures/containers';
const REPORT = ['report', RULES, '--format', 'json', '--conversion', 'Purchase', '--lookback', '20m'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-cli-containers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plainReport = runCli([...REPORT, '--events', EVENTS]);
const plainClassify = runCli(['classify', RULES, '--events', EVENTS]);
const eventsText = readFileSync(EVENTS, 'utf8');

/** A report's JSON with each unassigned pattern's example line as `<entry>:<line>` by `where`. */
function withExamples(json: string, where: (line: number) => string): unknown {
  const report = JSON.parse(json);
  for (const pattern of report.unassigned.patterns) pattern.example = where(pattern.example.line);
  return report;
}

function examplesOf(json: string): unknown {
  const report = JSON.parse(json);
  for (const pattern of report.unassigned.patterns) {
    const { entry, line } = pattern.example;
    pattern.example = entry === undefined ? String(line) : `${entry}:${line}`;
  }
  return report;
}

function expectOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('damaged containers: exit 2, one line with file, entry and offset, no report', () => {
  it('a damaged Parquet row group read by a worker is the one line on two threads, run after run', () => {
    // As a user's DuckDB export: row groups of 50,000 rows, 2 MB each, the fourth damaged.
    // The groups sent to the failed worker were each a rejected promise that waited in the
    // queue, unhandled, behind the group the main thread was still reading: the process's
    // unhandledRejection, a stack trace and exit 1 (in 5 of 6 runs here before the fix).
    const count = 300_000;
    const buffer = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'user_id', type: 'STRING', data: Array.from({ length: count }, (_, i) => `u${i % 5000}`) },
          { name: 'time', type: 'TIMESTAMP', data: Array.from({ length: count }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 1000)) },
          { name: 'utm_medium', type: 'STRING', data: Array.from({ length: count }, (_, i) => (i % 3 === 0 ? 'email' : 'cpc')) },
          { name: 'pad', type: 'STRING', data: Array.from({ length: count }, (_, i) => ((i * 2654435761) % 4294967296).toString(16).padStart(32, 'x')) },
        ],
        rowGroupSize: 50_000,
        codec: 'UNCOMPRESSED',
      }),
    );
    const fourth = Number(parquetMetadata(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length)).row_groups[3]!.columns[1]!.meta_data!.data_page_offset);
    buffer.fill(0xff, fourth, fourth + 8);
    const events = path.join(dir, 'damaged-fourth.parquet');
    writeFileSync(events, buffer);
    for (let run = 0; run < 3; run++) {
      const result = runCli(['report', RULES, '--events', events, '--threads', '2']);
      expectOneLineError(result, /^channel-rules report: .*damaged-fourth\.parquet: damaged Parquet file \(row group 4, at byte \d+\): /);
    }
  }, 60_000);

  it.each([
    ['truncated.ndjson.gz', /^channel-rules report: test\/fixtures\/containers\/truncated\.ndjson\.gz: damaged gzip data at compressed byte 126: the data ends early \(truncated\)$/],
    ['bad-crc.ndjson.gz', /bad-crc\.ndjson\.gz: damaged gzip data in compressed bytes 0–253: incorrect data check$/],
    ['not-gzip.ndjson.gz', /not-gzip\.ndjson\.gz: damaged gzip data in compressed bytes 0–\d+: incorrect header check$/],
    ['truncated.zip', /truncated\.zip: not a readable zip archive \(truncated or damaged; 1066 bytes\)/],
    ['damaged-entry.zip', /damaged-entry\.zip: entry "2026-01-01_1\.ndjson": damaged deflate data in archive bytes \d+–\d+: invalid distance too far back$/],
    ['damaged-inner-gzip.zip', /damaged-inner-gzip\.zip: entry "b\.json\.gz": damaged gzip data at compressed byte \d+: the data ends early \(truncated\)$/],
    ['truncated.parquet', /truncated\.parquet: damaged Parquet file \(footer at byte \d+\): parquet file invalid/],
    ['damaged-row-group.parquet', /damaged-row-group\.parquet: damaged Parquet file \(row group 1, at byte 4\): /],
  ])('%s', (name, pattern) => {
    const result = runCli([...REPORT, '--events', `${FIXTURES}/${name}`]);
    expectOneLineError(result, pattern);
    expect(result.stdout).toBe('');
  });

  it.each([
    ['empty', '', /^channel-rules report: standard input: damaged Parquet file: it is empty$/],
    ['shorter than its frame', 'PAR1PAR1', /^channel-rules report: standard input: damaged Parquet file: 8 bytes, fewer than the 12 of a Parquet file's frame \(PAR1, footer length, PAR1\)$/],
  ])('a Parquet input that is %s is named so (it said "Offset is outside the bounds of the DataView")', (_, input, pattern) => {
    const result = runCli([...REPORT, '--events', '-', '--events-format', 'parquet'], { input });
    expectOneLineError(result, pattern);
  });

  it.each([
    ['2^50', 1n << 50n, 'its footer claims 1,125,899,906,842,624 rows, more than the 4,294,967,295 a row group is read with'],
    ['-5', -5n, 'its footer claims -5 rows'],
  ])('a row group whose footer claims %s rows is named so, in the file\'s terms (it said "Invalid array length", and read none of -5)', (_, rows, claim) => {
    // A file of 10 rows, its footer written again claiming `rows` for the file and its one group.
    const written = parquetWriteBuffer({
      columnData: [
        { name: 'user_id', type: 'STRING', data: Array.from({ length: 10 }, (_, i) => `u${i}`) },
        { name: 'time', type: 'INT64', data: Array.from({ length: 10 }, (_, i) => BigInt(Date.UTC(2024, 0, 1) + i * 1000)) },
      ],
      codec: 'UNCOMPRESSED',
    });
    const metadata = parquetMetadata(written);
    const footerLength = new DataView(written).getUint32(written.byteLength - 8, true);
    const writer = new ByteWriter();
    writer.appendBytes(new Uint8Array(written, 0, written.byteLength - 8 - footerLength));
    const claimed: Record<string, unknown> = { ...metadata, num_rows: rows, row_groups: [{ ...metadata.row_groups[0]!, num_rows: rows }] };
    // Read from a footer, not written in one.
    delete claimed.metadata_length;
    writeMetadata(writer, claimed as never);
    writer.appendUint32(0x31524150);
    const bytes = Buffer.from(writer.getBuffer());
    const events = path.join(dir, 'claims-rows.parquet');
    writeFileSync(events, bytes);
    const message = `damaged Parquet file (row group 1, at byte 4): ${claim}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expectOneLineError(runCli([...REPORT, '--events', events]), new RegExp(`^channel-rules report: .*claims-rows\\.parquet: ${message}$`));
    expectOneLineError(runCli([...REPORT, '--events', '-'], { input: bytes }), new RegExp(`^channel-rules report: standard input: ${message}$`));
  });

  it('the undamaged originals read as the plain file', () => {
    for (const name of ['events.ndjson.gz', 'events.parquet']) {
      const result = runCli([...REPORT, '--events', `${FIXTURES}/${name}`]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(plainReport.stdout);
    }
  });

  it('classify prints the events before the damage, then exits 2 with one line', () => {
    const result = runCli(['classify', RULES, '--events', `${FIXTURES}/damaged-entry.zip`]);
    expectOneLineError(result, /entry "2026-01-01_1\.ndjson": damaged deflate data/);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(17);
    expect(lines.slice(0, 17)).toEqual(
      plainClassify.stdout.trim().split('\n').map((line) => ({ entry: '2026-01-01_0.json.gz', ...JSON.parse(line) })),
    );
  });

  it('a lying zip entry (records a smaller size than it expands to) is refused at its recorded size', async () => {
    const zip = await zipBuffer([{ kind: 'file', name: 'big.ndjson', data: eventsText.repeat(50) }]);
    // The central directory record (signature 50 4b 01 02): uncompressed size at +24.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, central + 24);
    const file = path.join(dir, 'lying.zip');
    writeFileSync(file, zip);
    expectOneLineError(runCli([...REPORT, '--events', file]), /lying\.zip: entry "big\.ndjson": damaged zip entry: it expands past its recorded size of 1000 bytes$/);
  });
});

describe('gzip padding: zero bytes may only end the file', () => {
  // Node's gunzip takes a zero byte after a member for padding and dropped the rest:
  // report said 9 events, skipped 1, exit 0, and the 10 lines after the zero were
  // reported nowhere. GNU gzip ignores zeros only when they run to the end.
  const bytes = Buffer.from(eventsText);
  const [first, second] = [gzip(bytes.subarray(0, 1000)), gzip(bytes.subarray(1000))];

  it('a member, a zero byte, then more: exit 2 naming the first byte that is not zero', () => {
    const file = path.join(dir, 'member-zeroed.ndjson.gz');
    writeFileSync(file, Buffer.concat([first, Buffer.from([0]), second.subarray(1)]));
    const at = first.length + 1;
    expectOneLineError(
      runCli([...REPORT, '--events', file]),
      new RegExp(`member-zeroed\\.ndjson\\.gz: damaged gzip data at compressed byte ${at}: not zero padding: zero bytes after a gzip member \\(from byte ${first.length}\\) may only run to the end of the file$`),
    );
  });

  it('zero bytes running to the end after the last member are padding: the same report as the plain file', () => {
    const file = path.join(dir, 'padded.ndjson.gz');
    writeFileSync(file, Buffer.concat([first, second, Buffer.alloc(512)]));
    const result = runCli([...REPORT, '--events', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(plainReport.stdout);
  });
});

describe('bombs: exit 2 with one line, in a small heap', () => {
  const SMALL_HEAP = ['--max-old-space-size=48'];
  const ZEROS = 96 * 1024 * 1024;

  it('a zip entry that expands past --max-entry-size', async () => {
    const file = path.join(dir, 'bomb.zip');
    writeFileSync(file, await zipBuffer([{ kind: 'file', name: 'zeros.ndjson', data: Buffer.alloc(ZEROS) }]));
    expect(readFileSync(file).length).toBeLessThan(ZEROS / 500);
    const result = runCli([...REPORT, '--events', file, '--max-entry-size', '1M'], { nodeArgs: SMALL_HEAP });
    expectOneLineError(result, /bomb\.zip: entry "zeros\.ndjson": expands to more than 1 MiB, the limit for one entry \(--max-entry-size\)$/);
  });

  it('a .gz file past --max-entry-size, and an endless line under the default limit', async () => {
    const file = path.join(dir, 'bomb.ndjson.gz');
    const gz = createGzip();
    const parts: Buffer[] = [];
    gz.on('data', (part: Buffer) => parts.push(part));
    const block = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < ZEROS / block.length; i++) gz.write(block);
    gz.end();
    await new Promise((resolve) => gz.on('end', resolve));
    writeFileSync(file, Buffer.concat(parts));
    const limited = runCli([...REPORT, '--events', file, '--max-entry-size', '8MiB'], { nodeArgs: SMALL_HEAP });
    expectOneLineError(limited, /bomb\.ndjson\.gz: expands to more than 8 MiB, the limit for one entry/);
    // Without the flag the 96 MiB line streams through, skipped, never held.
    const whole = runCli([...REPORT, '--events', file], { nodeArgs: SMALL_HEAP });
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout)).toMatchObject({ events: 0, skipped: 1 });
    expect(whole.stderr).toContain('bomb.ndjson.gz:1: line longer than 16,777,216 characters, the limit for one event line');
  });

  it('--max-entry-size must be a size', () => {
    expectOneLineError(runCli([...REPORT, '--events', EVENTS, '--max-entry-size', 'lots']), /--max-entry-size must be a size such as 500M or 16G, not "lots"/);
  });
});

describe('zip entries in classify output and messages', () => {
  it('ndjson and csv name the entry; skipped lines are <entry>:<line>; other entries are listed once', async () => {
    const file = path.join(dir, 'export.zip');
    writeFileSync(
      file,
      await zipBuffer([
        { kind: 'folder', name: '123/' },
        { kind: 'file', name: '123/123_2026-01-01_5#0.json.gz', data: gzip(`${eventsText}{broken\n`) },
        { kind: 'file', name: 'manifest.txt', data: 'x' },
        { kind: 'file', name: 'b.csv', data: csvText([{ user_id: 'u9', time: '2024-01-01', utm_medium: 'email' }], ['user_id', 'time', 'utm_medium']) },
      ]),
    );
    const ndjson = runCli(['classify', RULES, '--events', file]);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(18);
    expect(lines[0]).toEqual({ entry: '123/123_2026-01-01_5#0.json.gz', ...JSON.parse(plainClassify.stdout.split('\n')[0]!) });
    expect(lines[17]).toEqual({ entry: 'b.csv', line: 2, channel: 'email', rule: expect.stringMatching(/amplitude-example\.channels:\d+$/) });
    expect(ndjson.stderr).toContain(`channel-rules: ${file}: skipped 2 entries that are not events files: 123/ (a folder), manifest.txt (not an events file)\n`);
    expect(ndjson.stderr).toContain(`${file}:123/123_2026-01-01_5#0.json.gz:18: invalid JSON`);
    expect(ndjson.stderr.match(/skipped 2 entries/g)).toHaveLength(1);

    const csv = runCli(['classify', RULES, '--events', file, '--format', 'csv']);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('entry,line,channel,rule');
    expect(rows[1]).toMatch(/^123\/123_2026-01-01_5#0\.json\.gz,1,email,/);
    expect(rows.at(-1)).toMatch(/^b\.csv,2,email,/);
  });

  it('the names of entries not read are escaped on stderr: no terminal escape, no forged line', async () => {
    const file = path.join(dir, 'hostile-names.zip');
    writeFileSync(
      file,
      await zipBuffer([
        { kind: 'file', name: 'é\u001b]0;title\u0007\nchannel-rules: forged line.txt', data: 'x' },
        { kind: 'file', name: 'e.ndjson', data: eventsText },
      ]),
    );
    const result = runCli(['classify', RULES, '--events', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`channel-rules: ${file}: skipped 1 entry that is not events files: é\\033]0;title\\a\\nchannel-rules: forged line.txt (not an events file)\n`);
  });

  it('Amplitude Export API download: a zip of *.json.gz of one event per line reads unchanged', async () => {
    const half = eventsText.split('\n').slice(0, 9).join('\n') + '\n';
    const rest = eventsText.split('\n').slice(9).join('\n');
    const file = path.join(dir, 'amplitude-export.zip');
    writeFileSync(
      file,
      await zipBuffer([
        { kind: 'file', name: '187520/187520_2026-01-01_0#0.json.gz', data: gzip(half), compress: false },
        { kind: 'file', name: '187520/187520_2026-01-01_1#0.json.gz', data: gzip(rest), compress: false },
      ]),
    );
    const result = runCli([...REPORT, '--events', file]);
    expect(result.code).toBe(0);
    const entry = (line: number) => (line <= 9 ? `187520/187520_2026-01-01_0#0.json.gz:${line}` : `187520/187520_2026-01-01_1#0.json.gz:${line - 9}`);
    expect(examplesOf(result.stdout)).toEqual(withExamples(plainReport.stdout, entry));
  });

  it('entries named with `..` or an absolute path are read by their own names, on one thread and on two', async () => {
    // The archive was refused as damaged (exit 2, "invalid relative path"), by a check that matters only when extracting.
    const half = eventsText.split('\n').slice(0, 9).join('\n') + '\n';
    const rest = eventsText.split('\n').slice(9).join('\n');
    const file = path.join(dir, 'dot-dot.zip');
    const zip = await zipBuffer([
      { kind: 'file', name: 'exports/~~/a.ndjson', data: half },
      { kind: 'file', name: '~b.ndjson', data: rest },
    ]);
    writeFileSync(file, renameEntries(zip, [['exports/~~/a.ndjson', 'exports/../a.ndjson'], ['~b.ndjson', '/b.ndjson']]));
    const entry = (line: number) => (line <= 9 ? `exports/../a.ndjson:${line}` : `/b.ndjson:${line - 9}`);
    for (const threads of ['1', '2']) {
      const result = runCli([...REPORT, '--events', file, '--threads', threads]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(examplesOf(result.stdout)).toEqual(withExamples(plainReport.stdout, entry));
    }
    const classify = runCli(['classify', RULES, '--events', file]);
    expect(classify.code).toBe(0);
    const lines = classify.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.entry)).toEqual([...Array(9).fill('exports/../a.ndjson'), ...Array(8).fill('/b.ndjson')]);
  });

  it('diff --events counts the moves of a zip sample as of the plain file', async () => {
    const file = path.join(dir, 'diff.zip');
    writeFileSync(file, await zipBuffer([{ kind: 'file', name: 'e.ndjson', data: eventsText }]));
    const head = path.join(dir, 'head.channels');
    writeFileSync(head, readFileSync(RULES, 'utf8').replace('"email"', '"newsletter"'));
    const zipped = runCli(['diff', RULES, head, '--events', file, '--format', 'json']);
    const plain = runCli(['diff', RULES, head, '--events', EVENTS, '--format', 'json']);
    expect(zipped.code).toBe(0);
    const sample = JSON.parse(zipped.stdout).sample;
    expect(sample).toMatchObject({ events: 17, moved: 2 });
    expect(sample).toEqual({ ...JSON.parse(plain.stdout).sample, file });
  });
});

describe('standard input: --events - with --events-format', () => {
  const parquet = readFileSync(`${FIXTURES}/events.parquet`);
  const array = `[${eventsText.trim().split('\n').join(',\n')}]`;
  it.each([
    ['ndjson (default)', [], eventsText],
    ['ndjson', ['--events-format', 'ndjson'], eventsText],
    ['json array', ['--events-format', 'json'], array],
    ['json of one object per line', ['--events-format', 'json'], eventsText],
    ['parquet', ['--events-format', 'parquet'], parquet],
    ['parquet, sniffed', [], parquet],
    ['gzip, sniffed', [], gzip(eventsText)],
    ['gzip of a json array', ['--events-format', 'json'], gzip(array)],
  ] as const)('%s', (_, flags, input) => {
    const result = runCli([...REPORT, '--events', '-', ...flags], { input: input as string | Buffer });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(plainReport.stdout);
  });

  it('standard input that is a directory is one line and exit 2 (an empty report and exit 0; for import, an internal error)', () => {
    const fd = openSync(os.tmpdir(), 'r');
    try {
      for (const [command, args] of [
        ['report', [...REPORT, '--events', '-']],
        ['classify', ['classify', RULES, '--events', '-']],
        ['import', ['import', '-', '--from', 'sql', '--dialect', 'duckdb']],
      ] as const) {
        const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
        expect(result.status, command).toBe(2);
        expect(result.stderr).toBe(`channel-rules ${command}: cannot read standard input: it is a directory\n`);
        expect(result.stdout).toBe('');
      }
    } finally {
      closeSync(fd);
    }
  });

  it('csv', () => {
    const rows = eventsText.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const text = csvText(rows, columns);
    const file = path.join(dir, 'same.csv');
    writeFileSync(file, text);
    const fromFile = runCli([...REPORT, '--events', file]);
    const result = runCli([...REPORT, '--events', '-', '--events-format', 'csv'], { input: text });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fromFile.stdout);
  });

  it('a zip, sniffed, with entry names; classify and diff read it too', async () => {
    const zip = await zipBuffer([{ kind: 'file', name: 'a.json.gz', data: gzip(eventsText) }]);
    const report = runCli([...REPORT, '--events', '-'], { input: zip });
    expect(examplesOf(report.stdout)).toEqual(withExamples(plainReport.stdout, (line) => `a.json.gz:${line}`));
    const classify = runCli(['classify', RULES, '--events', '-'], { input: zip });
    expect(JSON.parse(classify.stdout.split('\n')[0]!)).toMatchObject({ entry: 'a.json.gz', line: 1 });
    const diff = runCli(['diff', RULES, RULES, '--events', '-', '--format', 'json'], { input: eventsText });
    expect(JSON.parse(diff.stdout).sample).toMatchObject({ events: 17 });
  });

  it('a damaged gzip on standard input is one line naming standard input', () => {
    const bad = gzip(eventsText).subarray(0, 60);
    expectOneLineError(runCli([...REPORT, '--events', '-'], { input: bad }), /^channel-rules report: standard input: damaged gzip data at compressed byte \d+: the data ends early/);
  });

  it('an unknown --events-format, or one given with a file, is a usage error', () => {
    expectOneLineError(runCli([...REPORT, '--events', '-', '--events-format', 'xml'], { input: '' }), /unknown --events-format "xml" \(expected ndjson, json, csv, parquet\)/);
    expectOneLineError(runCli([...REPORT, '--events', EVENTS, '--events-format', 'csv']), /--events-format is for standard input/);
  });

  it('a TMPDIR that cannot hold the copy of standard input or of a Parquet zip entry is one line naming it (it was an internal error)', async () => {
    const parquet = readFileSync(`${FIXTURES}/events.parquet`);
    const zip = path.join(dir, 'parquet-entry.zip');
    writeFileSync(zip, await zipBuffer([{ kind: 'file', name: 'events.parquet', data: parquet }]));
    const notAFolder = path.join(dir, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const missing = path.join(dir, 'no-such-folder');
    for (const [tmp, reason] of [
      [missing, 'no such file'],
      [notAFolder, 'not a directory'],
    ] as const) {
      const fromInput = runCli([...REPORT, '--events', '-'], { input: parquet, env: { TMPDIR: tmp } });
      expect(fromInput.stderr).toBe(`channel-rules report: standard input: cannot copy to a temporary file in ${tmp}: ${reason}\n`);
      expect(fromInput.code).toBe(2);
      const fromZip = runCli([...REPORT, '--events', zip], { env: { TMPDIR: tmp } });
      expect(fromZip.stderr).toBe(`channel-rules report: ${zip}: entry "events.parquet": cannot copy to a temporary file in ${tmp}: ${reason}\n`);
      expect(fromZip.code).toBe(2);
    }
  });

  it('a skipped line of standard input is named so', () => {
    const result = runCli([...REPORT, '--events', '-'], { input: `${eventsText}{bad\n` });
    expect(result.stderr).toContain('standard input:18: invalid JSON');
  });
});

