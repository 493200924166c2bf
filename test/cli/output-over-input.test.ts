// `--output FILE` naming one of the run's own inputs (cli/output-over-input) is refused
// before anything is written: `report r.channels --events e.ndjson -o e.ndjson` replaced
// the events with the report, silently, exit 0. The same file in another spelling
// (./, an absolute path, a symbolic or a hard link) is caught too.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-output-over-input-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const RULES_TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'ga4-default.channels'));
const EVENTS_TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'ga4-sample.ndjson'));
const GROUP_TEXT = fs.readFileSync(path.join(ROOT, 'examples', 'imported', 'acme-channel-group.json'));
fs.writeFileSync(path.join(folder, 'r.channels'), RULES_TEXT);
fs.writeFileSync(path.join(folder, 'e.ndjson'), EVENTS_TEXT);
fs.writeFileSync(path.join(folder, 'group.json'), GROUP_TEXT);
fs.symlinkSync('e.ndjson', path.join(folder, 'link.ndjson'));
fs.linkSync(path.join(folder, 'r.channels'), path.join(folder, 'hard.channels'));
// link is other/target: `link/../e.ndjson` is other/e.ndjson, though path.resolve makes it ./e.ndjson.
fs.mkdirSync(path.join(folder, 'other', 'target'), { recursive: true });
fs.writeFileSync(path.join(folder, 'other', 'e.ndjson'), EVENTS_TEXT);
fs.symlinkSync(path.join('other', 'target'), path.join(folder, 'link'));

const REFUSE = '(write the output to another file)';

describe('--output naming an input of the run', () => {
  for (const [args, message] of [
    [['report', 'r.channels', '--events', 'e.ndjson', '-o', 'e.ndjson'], `report: --output e.ndjson would overwrite the events file e.ndjson ${REFUSE}`],
    [['report', 'r.channels', '--events', 'e.ndjson', '--output', './e.ndjson'], `report: --output ./e.ndjson would overwrite the events file e.ndjson ${REFUSE}`],
    [['report', 'r.channels', '--events', 'e.ndjson', '-o', 'link.ndjson'], `report: --output link.ndjson would overwrite the events file e.ndjson ${REFUSE}`],
    [['report', 'r.channels', '--events', 'e.ndjson', '-o', path.join(folder, 'r.channels')], `report: --output ${path.join(folder, 'r.channels')} would overwrite the rules file r.channels ${REFUSE}`],
    [['compile', 'r.channels', '--dialect', 'duckdb', '-o', 'hard.channels'], `compile: --output hard.channels would overwrite the rules file r.channels ${REFUSE}`],
    [['export', 'r.channels', '--to', 'ga4-channel-group', '-o', 'r.channels'], `export: --output r.channels would overwrite the rules file r.channels ${REFUSE}`],
    [['import', 'group.json', '-o', 'group.json'], `import: --output group.json would overwrite the file group.json ${REFUSE}`],
    [['report', 'r.channels', '--events', 'link/../e.ndjson', '-o', 'other/e.ndjson'], `report: --output other/e.ndjson would overwrite the events file link/../e.ndjson ${REFUSE}`],
  ] as const) {
    it(`${args.join(' ')}: refused in one line, exit 2, the input as it was`, () => {
      const result = runCli([...args], { cwd: folder });
      expect(result.stderr).toBe(`channel-rules ${message}\n`);
      expect(result.code).toBe(2);
      expect(fs.readFileSync(path.join(folder, 'r.channels'))).toEqual(RULES_TEXT);
      expect(fs.readFileSync(path.join(folder, 'e.ndjson'))).toEqual(EVENTS_TEXT);
      expect(fs.readFileSync(path.join(folder, 'other', 'e.ndjson'))).toEqual(EVENTS_TEXT);
      expect(fs.readFileSync(path.join(folder, 'group.json'))).toEqual(GROUP_TEXT);
    });
  }

  it('a path that resolves to an input but opens another file is written (link/../e.ndjson is other/e.ndjson)', () => {
    // The report replaces other/e.ndjson, which the refusals expect as it was:
    // restored whatever the assertions say, so a failure here fails this test alone.
    try {
      const result = runCli(['report', 'r.channels', '--events', 'e.ndjson', '--format', 'json', '-o', 'link/../e.ndjson'], { cwd: folder });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(fs.readFileSync(path.join(folder, 'e.ndjson'))).toEqual(EVENTS_TEXT);
      expect(JSON.parse(fs.readFileSync(path.join(folder, 'other', 'e.ndjson'), 'utf8')).events).toBeGreaterThan(0);
    } finally {
      fs.writeFileSync(path.join(folder, 'other', 'e.ndjson'), EVENTS_TEXT);
    }
  });

  it('another file is written as before', () => {
    const result = runCli(['report', 'r.channels', '--events', 'e.ndjson', '--format', 'json', '-o', 'report.json'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(folder, 'report.json'), 'utf8')).events).toBeGreaterThan(0);
  });
});
