// Arrays and objects nested deeper than JSON.stringify's recursion reaches (SPEC §2.3:
// "an array is its compact JSON text"; §3: a line never aborts the run): the value is
// read as its compact JSON text at any depth JSON.parse reads, the same on every
// reading path (a file on one thread and on worker threads, text in memory, a stream),
// and source-system detection, GA4's event_params, the preview's fields and the sample
// profile read such events. The compact text is JSON.stringify's wherever that succeeds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { compactJson, compactJsonIteratively } from '../../engine/events/compact-json';
import { fieldAccessor, leafText } from '../../engine/events/fields';
import { eventFieldsFor } from '../../engine/events/event-source';
import { fieldNamesOf } from '../../engine/language/sample-profile';
import { eventFields } from '../../engine/preview/event-fields';
import { parseReportSettings } from '../../engine/report/report-settings';
import { runReport, type EventSource, type RunReportResult } from '../../engine/report/run-report';
import { runReportThreaded } from '../../engine/report/threaded-report';
import { runCli, ROOT } from '../support/run-cli';

const WORKER = path.join(ROOT, 'dist', 'range-worker.js');
const folder = mkdtempSync(path.join(tmpdir(), 'deep-json-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Far deeper than JSON.stringify's recursion goes on any stack the tests run on (it gave out near 5,000). */
const DEEP = 100_000;
const deepArrayText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObjectText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('compactJson', () => {
  it('is JSON.stringify for any value JSON.stringify writes, on the fast path and written iteratively', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      // What JSON.stringify leaves out or writes as null, toJSON, boxed primitives, -0, non-finite numbers.
      fc.letrec((tie) => ({
        value: fc.oneof(
          { depthSize: 'small' },
          fc.constantFrom(undefined, null, -0, Number.NaN, Infinity, () => 1, Symbol('s'), new Date(0), Object(1), Object('s'), Object(true), '\u2028\ud800"\\'),
          fc.double(),
          fc.string(),
          fc.array(tie('value')),
          fc.dictionary(fc.string(), tie('value')),
        ),
      })).value,
    );
    fc.assert(
      fc.property(value, (v) => {
        const expected = JSON.stringify(v);
        expect(compactJson(v)).toBe(expected);
        expect(compactJsonIteratively(v)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes arrays and objects nested beyond JSON.stringify, as the text JSON.parse read', () => {
    for (const text of [deepArrayText(DEEP), deepObjectText(DEEP), `[${deepObjectText(DEEP)},[${deepArrayText(DEEP)},"x",{"k":[1,null,true]}]]`]) {
      const value: unknown = JSON.parse(text);
      expect(() => JSON.stringify(value)).toThrow(RangeError);
      expect(compactJson(value)).toBe(text);
    }
  });

  it('refuses a BigInt as JSON.stringify does', () => {
    expect(() => compactJsonIteratively([[1n]])).toThrow(TypeError);
  });
});

describe('a deep value in an event', () => {
  const arrayText = deepArrayText(DEEP);
  const objectInArray = `[${deepObjectText(DEEP)}]`;

  it('is a field with its compact text (leafText, compiled accessors, GA4 event_params)', () => {
    expect(leafText(JSON.parse(arrayText))).toBe(arrayText);
    expect(fieldAccessor('utm_source')(JSON.parse(`{"utm_source":${objectInArray}}`))).toBe(objectInArray);
    const ga4 = JSON.parse(`{"event_timestamp":"1704103200000000","event_name":"page_view","user_pseudo_id":"p1","event_params":[{"key":"source","value":{"string_value":${arrayText}}}]}`);
    const fields = eventFieldsFor(ga4);
    expect(fields.system.id).toBe('ga4');
    expect(fields.lookup.accessor('event_params.source')(ga4)).toBe(arrayText);
  });

  it('does not stop source-system detection, which only asks whether the key is there', () => {
    const record = JSON.parse(`{"user_id":"u1","time":1704103200000,"anonymousId":${arrayText}}`);
    expect(eventFieldsFor(record).system.id).toBe('segment');
  });

  it("is in the preview's fields and the sample profile's names, however deep its objects", () => {
    const props = JSON.parse(`{"utm_source":${arrayText},"deep":${deepObjectText(DEEP)},"z":"last"}`);
    const fields = eventFields(props);
    expect(fields[0]).toEqual(['utm_source', arrayText]);
    expect(fields[1]).toEqual([`${'deep'}${'.a'.repeat(DEEP)}`, '1']);
    expect(fields[2]).toEqual(['z', 'last']);
    expect(fieldNamesOf(props).slice(0, 3)).toEqual(['utm_source', `deep${'.a'.repeat(DEEP)}`, 'z']);
  });
});

describe('events with deep values read the same on every path', () => {
  const RULES = `channel "Google"
  when utm_source = "google"
channel "Nested"
  when utm_source starts with "[[[" or utm_source starts with "[{"
otherwise "Other"
`;
  const compile = () => compileClassifier(checkRules(parseChannels(RULES), RULES));
  const settings = parseReportSettings({ conversion: 'purchase', lookback: '1h', sessionTimeout: '20m' });
  let files = 0;

  const outcome = (result: RunReportResult) =>
    JSON.stringify({ report: result.report, events: result.events, skipped: result.skippedCount, skippedLines: result.skipped, skippedEntries: result.skippedEntries, system: result.eventFields.system.id });

  async function everyPath(text: string): Promise<string> {
    const file = path.join(folder, `${files++}.ndjson`);
    writeFileSync(file, text);
    const run = (source: EventSource) => runReport({ source, classifier: compile(), settings, rulesName: 'rules.channels', patternLimit: 3 });
    const fromFile = outcome(await run({ path: file }));
    const threaded = outcome(await runReportThreaded({ source: { path: file }, classifier: compile(), settings, rulesName: 'rules.channels', patternLimit: 3, threads: 2, rangeSize: 64, workerScript: WORKER }));
    const inMemory = outcome(await run({ text, format: 'ndjson' }));
    const stream = outcome(await run({ stream: (async function* () { yield Buffer.from(text); })(), format: 'ndjson', name: '(stdin)' }));
    expect(threaded).toBe(fromFile);
    expect(inMemory).toBe(fromFile);
    expect(stream).toBe(fromFile);
    return fromFile;
  }

  it('arrays and objects of any depth among ordinary events, the deep ones in the nested channel', async () => {
    const deepValue = fc.oneof(
      // From 3 deep, so that the rule's "[[[" tells them (`[]` and `[[]]` are not nested enough for it).
      fc.integer({ min: 3, max: 12_000 }).map(deepArrayText),
      fc.integer({ min: 1, max: 12_000 }).map((depth) => `[${deepObjectText(depth)}]`),
    );
    const line = fc.oneof(
      fc.record({ user: fc.constantFrom('u1', 'u2'), minute: fc.integer({ min: 0, max: 90 }), value: deepValue }).map(({ user, minute, value }) => `{"user_id":"${user}","time":${1704103200000 + minute * 60_000},"utm_source":${value}}`),
      fc.record({ user: fc.constantFrom('u1', 'u3'), minute: fc.integer({ min: 0, max: 90 }), source: fc.constantFrom('google', 'x') }).map(({ user, minute, source }) => JSON.stringify({ user_id: user, time: 1704103200000 + minute * 60_000, utm_source: source })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), async (lines) => {
        const result = JSON.parse(await everyPath(`${lines.join('\n')}\n`)) as { events: number; skipped: number; report: { channels: Array<{ channel: string; totals: number }> } };
        expect(result).toMatchObject({ events: lines.length, skipped: 0 });
        const nested = lines.filter((text) => text.includes('"utm_source":[')).length;
        expect(result.report.channels.find((row) => row.channel === 'Nested')?.totals ?? 0).toBe(nested);
      }),
      { numRuns: 10 },
    );
  });

  it('the reported GA4 export (a string_value nested 10,000 deep) and a Segment record detected by a deep anonymousId', async () => {
    const deep = deepArrayText(10_000);
    const ga4 = [
      `{"event_timestamp":"1704103200000000","event_name":"page_view","user_pseudo_id":"p1","event_params":[{"key":"source","value":{"string_value":${deep}}}]}`,
      '{"event_timestamp":"1704103200000000","event_name":"page_view","user_pseudo_id":"p2","collected_traffic_source":{"manual_source":"google"}}',
    ].join('\n');
    expect(JSON.parse(await everyPath(ga4))).toMatchObject({ system: 'ga4', events: 2, skipped: 0 });
    const segment = `{"userId":"u1","timestamp":"2024-01-01T10:00:00Z","anonymousId":${deep}}\n{"userId":"u2","timestamp":"2024-01-01T10:00:00Z"}\n`;
    expect(JSON.parse(await everyPath(segment))).toMatchObject({ system: 'segment', events: 2, skipped: 0 });

    const rules = path.join(folder, 'g.channels');
    writeFileSync(rules, 'channel "Google" when utm_source = "google"\n');
    const events = path.join(folder, 'deep-ga4.ndjson');
    writeFileSync(events, `${ga4}\n`);
    for (const threads of ['1', '2']) {
      const report = runCli(['report', rules, '--events', events, '--format', 'json', '--threads', threads]);
      expect(report.stderr).not.toContain('internal error');
      expect(report.code).toBe(0);
      expect(JSON.parse(report.stdout)).toMatchObject({ events: 2, skipped: 0, eventSource: 'ga4' });
    }
    const classify = runCli(['classify', rules, '--events', '-'], { input: `{"user_id":"u1","time":1704103200000,"utm_source":${deep}}\n` });
    expect(classify.code).toBe(0);
    expect(classify.stdout).toBe('{"line":1,"channel":null,"rule":null}\n');
  });
});
