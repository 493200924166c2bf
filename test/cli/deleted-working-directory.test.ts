// A current directory deleted while a shell sits in it (engine/working-directory): every
// command, even --help, printed Node's stack trace (`ENOENT … uv_cwd`) and exited 1,
// which reads as "a check failed". A run naming its files by absolute paths needs no
// current directory; a relative path is one line, exit 2.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/run-cli';

const RULES = path.join(ROOT, 'examples', 'ga4-default.channels');
const EVENTS = path.join(ROOT, 'examples', 'ga4-sample.ndjson');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deleted-cwd-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** The CLI run in a folder the shell deletes first (the shell stays in it, as the CLI does). */
function runInDeletedFolder(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const gone = fs.mkdtempSync(path.join(folder, 'gone-'));
  const result = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('the current directory has been deleted', () => {
  it('--help, and commands given absolute paths, run as anywhere else', () => {
    const help = runInDeletedFolder(['--help']);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('Usage: channel-rules <command>');
    expect(help.status).toBe(0);
    const report = runInDeletedFolder(['report', RULES, '--events', EVENTS, '--format', 'json', '--threads', '2']);
    expect(report.stderr).toBe('');
    expect(JSON.parse(report.stdout).events).toBeGreaterThan(0);
    expect(report.status).toBe(0);
  });

  it('init FILE by an absolute path writes it, and says the files by their absolute paths', () => {
    const target = fs.mkdtempSync(path.join(folder, 'init-'));
    const rules = path.join(target, 'site.channels');
    const result = runInDeletedFolder(['init', rules]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`wrote ${rules} (the ga4 template)`);
    expect(result.stdout).toContain(`channel-rules check ${rules}\n`);
    expect(fs.readdirSync(target).sort()).toEqual(['site.channels', 'site.events.ndjson']);
    const again = runInDeletedFolder(['init', rules]);
    expect(again.stderr).toBe(`channel-rules init: ${rules} already exists (init never overwrites a file)\n`);
    expect(again.status).toBe(2);
  });

  // One message wherever a relative path meets the deleted directory, the path named.
  const needs = 'a relative path needs the current directory, which has been deleted: run from an existing directory, or give absolute paths';
  for (const [args, message] of [
    [['check', 'r.channels'], `channel-rules check: r.channels: ${needs}\n`],
    [['report', 'r.channels', '--events', EVENTS], `channel-rules report: cannot read rules file r.channels: ${needs}\n`],
    [['report', RULES, '--events', 'e.ndjson', '--threads', '2'], `channel-rules report: e.ndjson: cannot read the events file (${needs})\n`],
    [['report', RULES, '--events', EVENTS, '-o', 'out.json'], `channel-rules report: out.json: ${needs}\n`],
    [['diff', RULES, RULES, '--events', 'e.ndjson'], `channel-rules diff: e.ndjson: cannot read the events file (${needs})\n`],
    [['init'], `channel-rules init: rules.channels: ${needs}\n`],
  ] as const) {
    it(`${args.map((arg) => path.basename(arg)).join(' ')}: one line saying so, exit 2`, () => {
      const result = runInDeletedFolder([...args]);
      expect(result.stderr).toBe(message);
      expect(result.status).toBe(2);
    });
  }
});
