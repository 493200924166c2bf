// The diff under budgets that stop it (it says so and claims nothing wrong), and the
// sample comparison (counts per move and the from × to matrix, by classifying every
// event with both versions).

import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffTexts, expectExamplesConfirmed, movePairs, version } from './diff-support';
import { readReportBytes as readWebReportBytes } from '../../engine/report/report-bytes.web';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'diff');
const read = (name: string, file: string) => fs.readFileSync(path.join(FIXTURES, name, file), 'utf8');

describe('budgets', () => {
  const base = read('reorder-overlapping', 'base.channels');
  const head = read('reorder-overlapping', 'head.channels');

  it('a total budget that stops the search: incomplete, and every listed move still real', async () => {
    const diff = await diffTexts(base, head, { limits: { maxTotalSteps: 0 } });
    expect(diff.complete).toBe(false);
    expect(diff.incomplete.join('\n')).toMatch(/stopped at its total budget/);
    expect(diff.moves).toEqual([]);
  });

  it('a question budget too small to decide: the pairs are named as undecided, never "no move"', async () => {
    const diff = await diffTexts(base, head, { limits: { maxStepsPerQuestion: 1 } });
    expect(diff.complete).toBe(false);
    expect(diff.incomplete.join('\n')).toMatch(/"Email" to "Referral" \(a question ran out of its budget of 1 step\)/);
    // The one move that needs no step (no earlier rule in either version) is still found, and real.
    expect(movePairs(diff)).toEqual([['Email', 'Newsletter']]);
    expectExamplesConfirmed(diff, base, head);
  });

  it('the same files with the default budget are decided', async () => {
    const diff = await diffTexts(base, head);
    expect(diff.complete).toBe(true);
    expect(movePairs(diff)).toEqual([['Email', 'Newsletter']]);
  });

  it('thousands of one-rule channels: only the rules whose boxes meet are paired, so the default budget decides', async () => {
    // Before, every base rule was intersected with every head rule (16 million pairs at
    // 4,000 rules, 133 s and 1 GB) and the budget stopped the search undecided.
    const rules = (n: number) => Array.from({ length: n }, (_, k) => `channel "c${k}"\n  when utm_source = "s${k}"\n`).join('') + 'otherwise "o"\n';
    const base = rules(4000);
    const head = base.replace('"s1"', '"zz"').replace('channel "c2"', 'channel "c2x"');
    const diff = await diffTexts(base, head);
    expect(diff.complete).toBe(true);
    expect(movePairs(diff)).toEqual([
      ['c1', 'o'],
      ['c2', 'c2x'],
      ['o', 'c1'],
    ]);
    expectExamplesConfirmed(diff, base, head);
  });

  const ors = (n: number, and = '') => Array.from({ length: n }, (_, k) => `utm_source = "s${k}"${and}`).join(' or ');
  const list = (n: number) => `[${Array.from({ length: n }, (_, k) => `"s${k}"`).join(', ')}]`;

  it('an `or` of 2,000 values of one field and the list of them: the same rule, no moves, decided', async () => {
    // The `or` is one box, as the list is (engine/analysis/regions joinedByField).
    const diff = await diffTexts(`channel "A"\n  when ${ors(2000)}\notherwise "O"\n`, `channel "A"\n  when utm_source in ${list(2000)}\notherwise "O"\n`);
    expect(diff.complete).toBe(true);
    expect(diff.rules).toEqual({ added: [], removed: [], changed: [], moved: [] });
    expect(diff.moves).toEqual([]);
  });

  it('an `or` of 600 values of one field inside an `and` is one case, not one per value past the 512 a condition may have', async () => {
    // Before, the `or` multiplied out with the `and` made 600 boxes: "the rule on line 2
    // has too many cases to analyse", every pair undecided.
    const base = `channel "A"\n  when (${ors(600)}) and utm_medium = "cpc"\notherwise "O"\n`;
    const head = `channel "A"\n  when utm_source in ${list(600)} and utm_medium = "cpc"\notherwise "O"\n`;
    const diff = await diffTexts(base, head);
    expect(diff.incomplete).toEqual([]);
    expect(diff.complete).toBe(true);
    expect(diff.moves).toEqual([]);
    expect(diff.rules.changed).toEqual([]);
  });

  it('the values a question copies are charged to its budget: past it the pair is undecided, never decided uncharged', async () => {
    // 300 boxes of two fields each cut the list's box of 675 values in turn, each cut
    // copying the values left: some 200,000 values, uncharged before (an `or` of 40,000
    // such tests against a list of 90,000 ran for hours), now charged to the 100,000-step budget.
    const base = `channel "A"\n  when ${ors(300, ' and utm_medium = "cpc"')}\notherwise "O"\n`;
    const head = `channel "A"\n  when utm_source in ${list(675)} and utm_medium = "cpc"\notherwise "O"\n`;
    const diff = await diffTexts(base, head);
    expect(diff.complete).toBe(false);
    expect(diff.incomplete.join('\n')).toMatch(/from "O" to "A" \(a question ran out of its budget of 100,000 steps\)/);
    expectExamplesConfirmed(diff, base, head);
  });

  it('two small files mixing regexes and a test ignoring case are decided in full (the brute-force property drew them: 20,000 steps were too few once a question was charged its languages)', async () => {
    const base = 'channel "A"\n  when ((not (b = "")) or ((a = "") or (a matches /^x/))) and (b matches /^x/)\nchannel "A"\n  when ((a in []) or (a = "")) or ((a in ["xy"]) and (not (b matches /X/)))\nchannel "C"\n  when (b ends with "xyx") or (a exists)\n';
    const head = 'channel "A"\n  when ((not (a matches /^x/)) or (b contains "xyx")) and ((b ends with "xyx" ignoring case) and (a not in []))\nchannel "B"\n  when (a exists) or ((b contains "xy") or (a = ""))\n';
    const diff = await diffTexts(base, head);
    expect(diff.incomplete).toEqual([]);
    expect(diff.complete).toBe(true);
    expectExamplesConfirmed(diff, base, head);
  });

  it('moves seen in the sample are listed even when the analysis left them open', async () => {
    const events = [
      { user_id: 'u1', time: 1, utm_medium: 'email', utm_source: 'newsletter' },
      { user_id: 'u2', time: 2, utm_medium: 'email' },
    ];
    const diff = await diffTexts(base, head, {
      limits: { maxTotalSteps: 0 },
      sample: { text: events.map((event) => JSON.stringify(event)).join('\n'), format: 'ndjson' },
    });
    expect(diff.complete).toBe(false);
    expect(movePairs(diff)).toEqual([['Email', 'Newsletter']]);
    expect(diff.moves[0]!.example).toMatchObject({ source: 'sample', sampleLine: 1, event: { utm_medium: 'email', utm_source: 'newsletter' } });
    expect(diff.moves[0]!.sampleEvents).toBe(1);
    expectExamplesConfirmed(diff, base, head);
  });
});

describe('sample events', () => {
  it('counts every event under both versions: per move and in the from × to matrix', async () => {
    const base = read('changed-rule', 'base.channels');
    const head = read('changed-rule', 'head.channels');
    const events = [
      { user_id: 'u1', time: 1, utm_medium: 'email' },
      { user_id: 'u1', time: 2, utm_medium: 'e-mail' },
      { user_id: 'u2', time: 3, utm_medium: 'e-mail', utm_source: 'facebook' },
      { user_id: 'u2', time: 4, utm_medium: 'e-mail', utm_source: 'instagram' },
      { user_id: 'u3', time: 5, event_properties: { utm_medium: 'e-mail' } },
      { user_id: 'u3', time: 6 },
      { time: 7, utm_medium: 'e-mail' },
    ];
    const text = `${events.map((event) => JSON.stringify(event)).join('\n')}\nnot json\n`;
    const diff = await diffTexts(base, head, { sample: { text, format: 'ndjson' } });
    const sample = diff.sample!;
    expect(sample.events).toBe(6);
    expect(sample.skippedCount).toBe(2);
    expect(sample.moved).toBe(4);
    expect(sample.cells).toEqual([
      { from: 'Email', to: 'Email', events: 1 },
      { from: 'Social', to: 'Email', events: 2 },
      { from: 'Other', to: 'Email', events: 2 },
      { from: 'Other', to: 'Other', events: 1 },
    ]);
    expect(sample.fromChannels).toEqual(['Email', 'Social', 'Other']);
    expect(sample.toChannels).toEqual(['Email', 'Other']);
    expect(diff.moves.map((move) => [move.from, move.to, move.sampleEvents])).toEqual([
      ['Social', 'Email', 2],
      ['Other', 'Email', 2],
    ]);
    // Independently: classify each event with both versions.
    const before = version(base).classifier;
    const after = version(head).classifier;
    const moved = events.filter((event) => 'user_id' in event).filter((event) => before.channelOf(before.classify(event)) !== after.channelOf(after.classify(event)));
    expect(moved).toHaveLength(sample.moved);
  });

  it('moves the sample does not show get 0 events', async () => {
    const diff = await diffTexts(read('changed-rule', 'base.channels'), read('changed-rule', 'head.channels'), {
      sample: { text: '{"user_id": "u", "time": 1}\n', format: 'ndjson' },
    });
    expect(diff.moves.map((move) => move.sampleEvents)).toEqual([0, 0]);
    expect(diff.sample!.moved).toBe(0);
  });
});

describe('a sample as bytes in memory (Compare with…, in the browser and on a virtual file system, reads them through the editor)', () => {
  const base = 'channel "Email"\n  when utm_medium = "e-mail"\notherwise "Other"\n';
  const head = 'channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n';
  const CONTAINERS = path.join(__dirname, '..', 'fixtures', 'containers');
  const line = (user: string, medium: string) => `{"user_id":"${user}","time":"2024-01-01T00:00:00Z","event_type":"pv","utm_medium":"${medium}"}\n`;
  const csv = 'user_id,time,event_type,utm_medium\nu1,2024-01-01T00:00:00Z,pv,email\nu2,2024-01-01T00:01:00Z,pv,email\n';
  const inMemory: Record<string, Uint8Array> = {
    // Line 2 has a byte that is no UTF-8: skipped with its offset, never read as U+FFFD.
    'bad-utf8.ndjson': Buffer.concat([Buffer.from(line('u1', 'email') + line('u2', 'e').slice(0, -3)), Buffer.from([0xff]), Buffer.from('mail"}\n' + line('u3', 'email'))]),
    'utf16.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]),
  };

  it('counts as the same file read by its path: invalid UTF-8, UTF-16, gz, zip and Parquet', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-bytes-'));
    try {
      const files = [
        ...Object.entries(inMemory).map(([name, bytes]) => {
          fs.writeFileSync(path.join(folder, name), bytes);
          return path.join(folder, name);
        }),
        path.join(CONTAINERS, 'events.ndjson.gz'),
        path.join(CONTAINERS, 'export.zip'),
        // Before, refused in Node too (desktop VS Code's server reads Parquet by path).
        path.join(CONTAINERS, 'events.parquet'),
      ];
      for (const file of files) {
        const byPath = await diffTexts(base, head, { sample: { path: file } });
        const byBytes = await diffTexts(base, head, { sample: { bytes: new Uint8Array(fs.readFileSync(file)), name: file } });
        expect(byBytes.sample, file).toEqual(byPath.sample);
      }
      const badUtf8 = (await diffTexts(base, head, { sample: { bytes: inMemory['bad-utf8.ndjson']!, name: 'bad-utf8.ndjson' } })).sample!;
      expect({ events: badUtf8.events, skipped: badUtf8.skipped.map((skipped) => skipped.line), moved: badUtf8.moved }).toEqual({ events: 2, skipped: [2], moved: 2 });
      expect((await diffTexts(base, head, { sample: { bytes: inMemory['utf16.csv']!, name: 'utf16.csv' } })).sample!.moved).toBe(2);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('in the browser’s analysis worker, refuses Parquet in one line naming the file (hyparquet does not fit there), and reads gz and zip', async () => {
    const read = async (name: string) => {
      const events: unknown[] = [];
      for await (const batch of readWebReportBytes(new Uint8Array(fs.readFileSync(path.join(CONTAINERS, name))), name)) events.push(...batch.events.map((event) => event.props));
      return events;
    };
    await expect(read('events.parquet')).rejects.toThrow('events.parquet: Parquet cannot be read here; NDJSON, JSON and CSV can (gz and zip too)');
    expect(await read('events.ndjson.gz')).toHaveLength(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'amplitude-example.ndjson'), 'utf8').trim().split('\n').length);
    expect((await read('export.zip')).length).toBeGreaterThan(0);
  });
});
