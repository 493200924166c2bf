// `report --format json` writes its text in pieces of about a mebibyte, to stdout or to
// --output, never the whole at once: with `--against` it holds every (ours, theirs)
// pair (SPEC §9), and made whole it was held as a string and again as the bytes written
// (2,000,000 pairs: 370 MB each). The text is what JSON.stringify with an indent of 2
// makes of the report, either way.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';

const PAIRS = 40_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-json-pieces-'));
const rules = path.join(dir, 'rules.channels');
const events = path.join(dir, 'events.ndjson');
fs.writeFileSync(rules, 'channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n');
fs.writeFileSync(events, Array.from({ length: PAIRS }, (_, i) => JSON.stringify({ user_id: `u${i % 100}`, time: 1_700_000_000_000 + i, utm_medium: i % 2 === 0 ? 'email' : 'cpc', theirs: `Channel ${i}` })).join('\n'));

async function report(extra: string[]): Promise<{ code: number; writes: string[] }> {
  const writes: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await runCli(['report', rules, '--events', events, '--against', 'theirs', '--format', 'json', '--threads', '1', ...extra], { stdout, stderr, cwd: dir, env: {} });
  return { code, writes };
}

describe('report --format json', () => {
  it('writes a large report in pieces, the text JSON.stringify makes of it', async () => {
    const { code, writes } = await report([]);
    expect(code).toBe(0);
    const text = writes.join('');
    expect(text.length).toBeGreaterThan(5 * 2 ** 20);
    expect(Math.max(...writes.map((piece) => piece.length))).toBeLessThan(2 ** 21);
    const parsed = JSON.parse(text) as { against: { pairs: unknown[] } };
    expect(parsed.against.pairs).toHaveLength(PAIRS);
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  it('writes the same text to --output', async () => {
    const output = path.join(dir, 'report.json');
    const { code, writes } = await report(['--output', output]);
    expect(code).toBe(0);
    expect(writes).toEqual([]);
    const { writes: toStdout } = await report([]);
    expect(fs.readFileSync(output, 'utf8')).toBe(toStdout.join(''));
  });
});
