// `channel-rules import` and `export` as a user runs them: help, output files, exit
// codes (0, 1 with one line naming the place, 2 for bad usage).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../support/run-cli';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-import-'));
}

describe('channel-rules import / export', () => {
  it('are listed in --help and have their own --help', () => {
    const help = runCli(['--help']).stdout;
    expect(help).toMatch(/\n {2}import +rules from a GA4 channel group/);
    expect(help).toMatch(/\n {2}export +the rules as a GA4 custom channel group/);
    expect(runCli(['import', '--help']).stdout).toContain('--dialect DIALECT');
    expect(runCli(['export', '--help']).stdout).toContain('--to FORMAT');
  });

  it('import writes -o OUT, and export writes JSON that imports back', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.sql'), "select case when lower(utm_medium) = 'cpc' then 'Paid' else 'Other' end from t\n");
    const imported = runCli(['import', 'model.sql', '--dialect', 'duckdb', '-o', 'model.channels'], { cwd: dir });
    expect(imported).toMatchObject({ code: 0, stderr: '', stdout: '' });
    const rules = fs.readFileSync(path.join(dir, 'model.channels'), 'utf8');
    expect(rules).toContain('  # from model.sql:1\n  when utm_medium = "cpc" ignoring case\n');
    expect(rules).toContain('otherwise "Other"');
    const exported = runCli(['export', 'model.channels', '--to', 'ga4-channel-group', '--name', 'Model'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).groupingRule[0]).toEqual({
      displayName: 'Paid',
      expression: { andGroup: { filterExpressions: [{ orGroup: { filterExpressions: [{ filter: { fieldName: 'eachScopeMedium', stringFilter: { matchType: 'EXACT', value: 'cpc' } } }] } }] } },
    });
    const again = runCli(['import', '-', '--from', 'ga4-channel-group'], { cwd: dir, input: exported.stdout });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('case insensitive');
  });

  it('reads standard input from a pipe whose writer is not ready yet (`export … | import -`)', async () => {
    // A synchronous read of descriptor 0 failed with EAGAIN ("internal error") when
    // nothing had been written yet; standard input is now read as a stream.
    const json = JSON.stringify({ displayName: 'G', groupingRule: [{ displayName: 'A', expression: { andGroup: { filterExpressions: [{ orGroup: { filterExpressions: [{ filter: { fieldName: 'eachScopeSource', stringFilter: { matchType: 'EXACT', value: 'x' } } }] } }] } } }] });
    const child = spawn(process.execPath, [BIN, 'import', '-', '--from', 'ga4-channel-group'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.stdin.write(json.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.stdin.end(json.slice(20));
    expect({ code: await code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('when utm_source = "x"');
  });

  it('exit 1 with one line naming the place of what cannot be translated', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.sql'), "case\n  when medium = 'a' then 'A'\n  when trim(source) = 'b' then 'B'\nend\n");
    expect(runCli(['import', 'model.sql', '--dialect', 'bigquery'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'channel-rules import: model.sql:3:8: the function TRIM\n',
    });
    fs.writeFileSync(path.join(dir, 'rules.channels'), 'channel "A"\n  when gclid exists\n');
    expect(runCli(['export', 'rules.channels', '--to', 'ga4-channel-group'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'channel-rules export: rules.channels:2: `gclid exists`: GA4 cannot tell a missing field from a null one (`exists`, `is missing` and `is null` have no GA4 form; `is set` / `is not set` do)\n',
    });
  });

  it('a line break in the file name is escaped in the comments that name it, not an internal error', () => {
    const dir = tempDir();
    const filter = { filter: { fieldName: 'eachScopeSource', stringFilter: { matchType: 'EXACT', value: 'x' } } };
    fs.writeFileSync(path.join(dir, 'nl\nname.json'), JSON.stringify({ displayName: 'G', groupingRule: [{ displayName: 'A', expression: { andGroup: { filterExpressions: [{ orGroup: { filterExpressions: [filter] } }] } } }] }));
    const ga4 = runCli(['import', 'nl\nname.json'], { cwd: dir });
    expect(ga4.stderr).toBe('');
    expect(ga4.code).toBe(0);
    expect(ga4.stdout).toContain('# imported from nl\\nname.json: GA4 channel group "G"');
    expect(ga4.stdout).toContain('  # from nl\\nname.json $.groupingRule[0]\n  when utm_source = "x"\n');
    fs.writeFileSync(path.join(dir, 'm\r\n\u2028.sql'), "case when utm_medium = 'cpc' then 'Paid' else 'Other' end\n");
    const sql = runCli(['import', 'm\r\n\u2028.sql', '--dialect', 'duckdb'], { cwd: dir });
    expect(sql.stderr).toBe('');
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain('  # from m\\r\\n\\342\\200\\250.sql:1\n  when utm_medium = "cpc"\n');
    expect(sql.stdout).toContain('# from m\\r\\n\\342\\200\\250.sql: ELSE\notherwise "Other"\n');
  });

  it('exit 2 on bad usage', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.sql'), "case when a = 'x' then 'X' end\n");
    fs.writeFileSync(path.join(dir, 'model.txt'), '');
    fs.writeFileSync(path.join(dir, 'broken.channels'), 'channel "A"\n  when a ==\n');
    const cases: [string[], string][] = [
      [['import', 'model.sql'], 'channel-rules import: --dialect is required for SQL'],
      [['import', 'model.sql', '--dialect', 'mysql'], 'channel-rules import: unknown dialect "mysql"'],
      [['import', 'model.txt'], 'channel-rules import: cannot tell the format of model.txt'],
      [['import', 'missing.json'], 'channel-rules import: cannot read file missing.json: no such file'],
      [['export', 'broken.channels', '--to', 'ga4-channel-group'], 'channel-rules export: broken.channels:2:'],
      [['export', 'broken.channels'], 'channel-rules export: --to is required'],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.startsWith(message), result.stderr).toBe(true);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('help and `--`', () => {
  it('after `--`, -h is a file, not a request for help', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-dash-h-'));
    fs.writeFileSync(path.join(folder, '-h'), 'channel "A"\n  when utm_medium = "email"\n');
    const result = runCli(['check', '--', '-h'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('1 file checked: no problems\n');
    expect(runCli(['check', '-h'], { cwd: folder }).stdout).toMatch(/^Usage: channel-rules check/);
  });
});
