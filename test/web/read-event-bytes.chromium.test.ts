// The web readers (engine/events/read-event-bytes) as the browser runs them: built as
// the web bundles are (csv-parse's browser build, the `.web.ts` variants), run in
// headless Chromium on random files, and compared with the Node readers
// (engine/events/read-events, files, zlib, yauzl) on the same files: the same
// records, lines, entries, skipped lines and entries, and the same whole-file errors.
// test/events/read-event-bytes.test.ts runs the same readers in Node, more broadly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventBatch } from '../../engine/events/event';
import { readEventFile } from '../../engine/events/read-events';
// @ts-expect-error a plain .mjs build script, without types
import { webBuildOptions } from '../../scripts/web-build-plugins.mjs';
import { csvText, gzip, ndjsonText, zipBuffer, type ZipItem } from '../support/containers';
import { describeInChromium, launchBrowser, type Browser } from '../webview/browser';

const ROOT = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cr-web-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  events: Array<{ entry?: string; line: number; props: unknown }>;
  skipped: unknown[];
  skippedEntries: unknown[];
  error?: string;
}

/** The web readers, bundled for the browser, exposed as `readAll(bytes, name)`. */
async function webReaders(): Promise<string> {
  const result = await esbuild.build({
    ...(webBuildOptions as esbuild.BuildOptions),
    absWorkingDir: ROOT,
    stdin: {
      contents: `
        import { readEventFileBytes } from './engine/events/read-event-bytes';
        globalThis.readAll = async (bytes, name) => {
          const out = { events: [], skipped: [], skippedEntries: [] };
          try {
            for await (const batch of readEventFileBytes(new Uint8Array(bytes), name, { onSkippedEntry: (entry) => out.skippedEntries.push(entry) })) {
              for (const event of batch.events) out.events.push({ entry: batch.entry, ...event });
              out.skipped.push(...batch.skipped);
            }
          } catch (error) {
            out.error = error.message;
          }
          return JSON.stringify(out);
        };`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function nodeOutcome(full: string): Promise<Outcome> {
  const out: Outcome = { events: [], skipped: [], skippedEntries: [] };
  try {
    for await (const batch of readEventFile(full, { onSkippedEntry: (entry) => out.skippedEntries.push(entry) }) as AsyncGenerator<EventBatch>) {
      for (const event of batch.events) out.events.push({ entry: batch.entry, ...event });
      out.skipped.push(...batch.skipped);
    }
  } catch (error) {
    out.error = (error as Error).message;
  }
  // As the page sends it: JSON.
  return JSON.parse(JSON.stringify(out)) as Outcome;
}

let browser: Browser;
let page: Page;

describeInChromium('web readers in Chromium', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setContent('<!doctype html><title>web readers</title>');
    await page.addScriptTag({ content: await webReaders() });
  }, 60_000);
  afterAll(async () => browser?.close());

  /**
   * Both readers on the file. JSON.parse's messages are the JavaScript engine's (newer
   * V8 adds "(line 1 column 2)"), so that tail is set aside; a damaged container's
   * reason and range are the decompressor's (zlib, fflate), so there only the file and
   * entry it names must agree (`damaged`). Gives what the web readers read.
   */
  async function same(name: string, data: Uint8Array | string, damaged = false): Promise<Outcome> {
    const full = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
    writeFileSync(full, data);
    const bytes = Array.from(typeof data === 'string' ? Buffer.from(data) : data);
    const web = JSON.parse(await page.evaluate(([b, n]) => (globalThis as unknown as { readAll(b: number[], n: string): Promise<string> }).readAll(b as number[], n as string), [bytes, full] as const)) as Outcome;
    const node = await nodeOutcome(full);
    const engineless = (outcome: Outcome) => JSON.parse(JSON.stringify(outcome).replace(/ \(line \d+ column \d+\)/g, '')) as Outcome;
    if (damaged) {
      const where = (error: string | undefined) => error?.slice(0, error.indexOf(': damaged'));
      expect(where(web.error)).toBe(where(node.error));
      expect(web.error).toMatch(/: damaged (gzip|zip|deflate)/);
      expect(engineless({ ...web, error: undefined })).toEqual(engineless({ ...node, error: undefined }));
    } else {
      expect(engineless(web)).toEqual(engineless(node));
    }
    return web;
  }

  const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.constantFrom('é', '😀'));
  const record = fc.record({ user_id: value, time: value, utm_source: value }, { requiredKeys: [] });
  const lines = fc.array(fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: fc.constantFrom('{bad', '[1]') }), { maxLength: 25 });
  const COLUMNS = ['user_id', 'time', 'utm_source'];
  const asText = (rows: ReadonlyArray<Record<string, unknown> | string>, format: string) =>
    format === 'csv' ? csvText(rows.filter((row): row is Record<string, unknown> => typeof row !== 'string'), COLUMNS) : ndjsonText(rows);

  it('NDJSON, JSON and CSV, plain or gzipped, with bytes that are not UTF-8 now and then', async () => {
    await fc.assert(
      fc.asyncProperty(lines, fc.constantFrom('ndjson', 'json', 'csv'), fc.boolean(), fc.option(fc.nat(), { freq: 3 }), async (rows, format, gzipped, invalidAt) => {
        let body = Buffer.from(asText(rows, format));
        if (invalidAt !== null) {
          const at = invalidAt % (body.length + 1);
          body = Buffer.concat([body.subarray(0, at), Buffer.from([0xe9]), body.subarray(at)]);
        }
        await same(`events.${format}${gzipped ? '.gz' : ''}`, gzipped ? gzip(body) : body);
      }),
      { numRuns: 25 },
    );
  });

  it('CSV in UTF-16LE (decoded by the reader, its cells given back by csv-parse as bytes): lone surrogates kept', async () => {
    const text = 'user_id,time,utm_source\r\nu1,1,"a\r\nb"\r\nu2,2,\ud800x\r\nu3,3,\u2c60\u4e00y\r\nu4,4,😀\r\n';
    await same('events.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  });

  it('CSV in UTF-16BE or UTF-32, and NDJSON or CSV in UTF-16 without its byte order mark: the same refusal naming the encoding', async () => {
    const text = 'user_id,time,utm_source\r\nu1,1,a\r\n';
    const utf16be = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    const utf32le = Buffer.from(Uint32Array.from([...`\ufeff${text}`], (c) => c.codePointAt(0)!).buffer);
    for (const [name, data] of [
      ['events.csv', utf16be],
      ['events.csv.gz', gzip(utf32le)],
      ['export.zip', await zipBuffer([{ kind: 'file', name: 'day.csv', data: Buffer.from(text, 'utf16le') }])],
      ['events.ndjson', Buffer.from('{"user_id":"u1","time":1}\n', 'utf16le')],
    ] as const) {
      expect((await same(name, data)).error).toMatch(/: starts with .*(UTF-16BE byte order mark|UTF-32LE byte order mark|UTF-16LE without a byte order mark).*; convert the file \(iconv -f UTF-(16|32)[LB]E -t UTF-8\)$/);
    }
  });

  it('zip with stored, deflated, gzipped and Parquet entries, and entries that are not events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(lines, fc.constantFrom('ndjson', 'csv', 'ndjson.gz', 'parquet', 'txt'), fc.boolean()), { maxLength: 4 }), async (entries) => {
        const items: ZipItem[] = entries.map(([rows, kind, stored], index) => {
          const objects = rows.filter((row): row is Record<string, unknown> => typeof row !== 'string');
          const data =
            kind === 'parquet'
              ? Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'user_id', data: objects.map((row) => (row.user_id == null ? null : String(row.user_id))), type: 'STRING' }] }))
              : kind === 'ndjson.gz'
                ? gzip(asText(rows, 'ndjson'))
                : Buffer.from(asText(rows, kind === 'csv' ? 'csv' : 'ndjson'));
          return { kind: 'file', name: `part-${index}/events.${kind}`, data, compress: !stored };
        });
        await same('export.zip', await zipBuffer(items));
      }),
      { numRuns: 15 },
    );
  });

  it('a damaged .gz and a damaged zip: the same error line', async () => {
    const body = ndjsonText(Array.from({ length: 200 }, (_, i) => ({ user_id: `u${i}`, time: i })));
    const gz = gzip(body);
    gz[gz.length - 6] ^= 0x55;
    await same('events.ndjson.gz', gz, true);
    const zip = await zipBuffer([{ kind: 'file', name: 'a.ndjson', data: body, compress: false }]);
    await same('export.zip', zip.subarray(0, zip.length - 30));
  });
});
