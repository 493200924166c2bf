// `channel-rules check` as a user runs it (the built CLI): the four formats, exit
// codes, --max-warnings, UTF-16 columns, and SARIF validated against the official
// SARIF 2.1.0 schema.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { mentionableAts } from '../support/markdown-mentions';
import { runCli } from '../support/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-check-'));
function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const clean = write('clean.channels', ['channel "Email"', '  when utm_medium = "email"', 'otherwise "Other"']);
const dead = write('dead.channels', [
  'channel "Paid Search"',
  '  when utm_medium = "cpc"',
  'channel "Paid Social"',
  '  when utm_medium = "ppc"',
  'channel "Paid Other"',
  '  when utm_medium in ["cpc", "ppc"]',
]);
const broken = write('broken.channels', ['channel "A"', '  when utm_medium = ']);
const failing = write('failing.channels', ['channel "Email"', '  when utm_medium = "email"', 'expect "Email" for { utm_medium: "cpc" }']);
const astral = write('astral.channels', ['channel "A" when x = "a"', 'channel "😀" when x = "a"']);
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'analysis', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

describe('check --format text', () => {
  it('prints compiler-style lines, the example and the covering rules, then a summary', () => {
    const result = runCli(['check', dead]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `${dead}:6:3 warning unreachable-rule This rule is unreachable: every event it matches is matched first by the rules on lines 2 ("Paid Search") and 4 ("Paid Social"). For example {utm_medium: "cpc"} gets "Paid Search" from line 2.`,
        '    example: {"utm_medium":"cpc"} gets "Paid Search"',
        // Issue 11 item 12: both rules named, the covering one and the unreachable one.
        `    ${dead}:2:3: the rule on line 2 ("Paid Search") covers part of the unreachable rule on line 6 ("Paid Other")`,
        `    ${dead}:4:3: the rule on line 4 ("Paid Social") covers part of the unreachable rule on line 6 ("Paid Other")`,
        '1 file checked: 0 errors, 1 warning, 0 information, 0 hints',
        '',
      ].join('\n'),
    );
  });

  it('says when there is nothing to report', () => {
    const result = runCli(['check', clean]);
    expect(result).toEqual({ code: 0, stdout: '1 file checked: no problems\n', stderr: '' });
  });

  it('counts columns in UTF-16 code units', () => {
    const result = runCli(['check', astral]);
    expect(result.stdout).toContain(`${astral}:2:14 warning unreachable-rule`);
  });
});

describe('check exit codes', () => {
  it.each([
    ['a clean file', [clean], 0],
    ['warnings only', [dead], 0],
    ['warnings within --max-warnings', [dead, '--max-warnings', '1'], 0],
    ['more warnings than --max-warnings', [dead, '--max-warnings', '0'], 1],
    ['a syntax error', [broken], 1],
    ['a failed expectation', [failing], 1],
    ['an error in one of several files', [clean, broken], 1],
    ['an unreadable file', [path.join(dir, 'missing.channels')], 2],
    ['no file', [], 2],
    ['an unknown format', [clean, '--format', 'xml'], 2],
    ['a bad --max-warnings', [clean, '--max-warnings=-1'], 2],
    ['a --max-warnings that is not a number', [clean, '--max-warnings', 'many'], 2],
  ])('%s', (_, args, code) => {
    const result = runCli(['check', ...(args as string[])]);
    expect(result.code).toBe(code);
    if (code === 2) expect(result.stderr).toMatch(/^channel-rules check: .+\n$/);
  });

  it('reports the failed expectation as an error with its example', () => {
    const result = runCli(['check', failing, '--format', 'json']);
    const diagnostics = JSON.parse(result.stdout) as Array<{ code: string; severity: string; example?: unknown }>;
    const failed = diagnostics.find((diagnostic) => diagnostic.code === 'failed-expectation');
    expect(failed).toMatchObject({ severity: 'error', example: { event: { utm_medium: 'cpc' }, channel: null } });
  });
});

describe('check of a file named twice', () => {
  // proj/link is ../other/deep: `link/../r.channels` is other/r.channels for the kernel,
  // though path.resolve makes it proj/r.channels; it was dropped as a second name of that.
  const project = path.join(dir, 'twice', 'proj');
  fs.mkdirSync(path.join(dir, 'twice', 'other', 'deep'), { recursive: true });
  fs.mkdirSync(project);
  fs.copyFileSync(clean, path.join(project, 'r.channels'));
  fs.copyFileSync(dead, path.join(dir, 'twice', 'other', 'r.channels'));
  fs.symlinkSync(path.join('..', 'other', 'deep'), path.join(project, 'link'));
  fs.symlinkSync('r.channels', path.join(project, 'alias.channels'));
  fs.linkSync(path.join(project, 'r.channels'), path.join(project, 'hard.channels'));

  it('checks two files when a symbolic link and .. reach another file, named as written', () => {
    const result = runCli(['check', 'r.channels', 'link/../r.channels'], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^link\/\.\.\/r\.channels:6:3 warning unreachable-rule /);
    expect(result.stdout).toMatch(/\n2 files checked: 0 errors, 1 warning, 0 information, 0 hints\n$/);
  });

  it('checks one file once whatever it is named by (./, .., an absolute path, a symbolic or a hard link)', () => {
    const result = runCli(['check', 'r.channels', './r.channels', '../proj/r.channels', path.join(project, 'r.channels'), 'alias.channels', 'hard.channels'], { cwd: project });
    expect(result).toEqual({ code: 0, stdout: '1 file checked: no problems\n', stderr: '' });
  });
});

describe('check --format json', () => {
  it('is SPEC §7.3: file then position order, 0-based ranges, related and example', () => {
    const result = runCli(['check', dead, astral, '--format', 'json']);
    const diagnostics = JSON.parse(result.stdout) as unknown[];
    expect(diagnostics).toEqual([
      {
        file: dead,
        code: 'unreachable-rule',
        severity: 'warning',
        message: expect.stringContaining('This rule is unreachable'),
        range: { start: { line: 5, character: 2 }, end: { line: 5, character: 35 } },
        related: [
          { file: dead, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 25 } }, message: expect.stringContaining('"Paid Search"') },
          { file: dead, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 25 } }, message: expect.stringContaining('"Paid Social"') },
        ],
        example: { event: { utm_medium: 'cpc' }, channel: 'Paid Search' },
      },
      {
        file: astral,
        code: 'unreachable-rule',
        severity: 'warning',
        message: expect.any(String),
        range: { start: { line: 1, character: 13 }, end: { line: 1, character: 25 } },
        related: [{ file: astral, range: { start: { line: 0, character: 12 }, end: { line: 0, character: 24 } }, message: expect.any(String) }],
        example: { event: { x: 'a' }, channel: 'A' },
      },
    ]);
  });
});

describe('check --format sarif', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(SCHEMA);

  it('validates against the SARIF 2.1.0 schema', () => {
    // A file named twice (a glob and its name) was two artifacts, which the schema's uniqueItems refuses.
    for (const files of [[dead], [clean], [broken, failing, astral], ['examples/ga4-default.channels'], [dead, path.resolve(dead), clean]]) {
      const result = runCli(['check', ...files, '--format', 'sarif']);
      const log = JSON.parse(result.stdout) as unknown;
      const valid = validate(log);
      expect(validate.errors ?? [], files.join(' ')).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('has stable rule ids with help, UTF-16 columns, related locations and fingerprints', () => {
    const log = JSON.parse(runCli(['check', dead, '--format', 'sarif']).stdout);
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.columnKind).toBe('utf16CodeUnits');
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    expect(rule.id).toBe('unreachable-rule');
    // Links to docs/diagnostics.md are in the package's repository (package.json
    // `repository`, scripts/repository.mjs); while it has no public URL, none is made up.
    const repository = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { repository?: { url: string } }).repository;
    if (repository === undefined) {
      expect(rule.helpUri).toBeUndefined();
      expect(run.tool.driver.informationUri).toBeUndefined();
      expect(rule.help.markdown).toBe(rule.help.text);
    } else {
      expect(rule.helpUri).toMatch(/docs\/diagnostics\.md#unreachable-rule$/);
    }
    expect(rule.help.text.length).toBeGreaterThan(20);
    const result = run.results[0];
    expect(result).toMatchObject({
      ruleId: 'unreachable-rule',
      level: 'warning',
      locations: [{ physicalLocation: { region: { startLine: 6, startColumn: 3, endLine: 6, endColumn: 36 } } }],
      properties: { example: { event: { utm_medium: 'cpc' }, channel: 'Paid Search' } },
    });
    expect(result.relatedLocations.map((location: { physicalLocation: { region: { startLine: number } } }) => location.physicalLocation.region.startLine)).toEqual([2, 4]);
    expect(Object.keys(result.partialFingerprints)).toEqual(['channelRules/v1']);
  });

  it('keeps fingerprints when lines are added above', () => {
    const shifted = write('shifted.channels', ['# a new comment', '', ...fs.readFileSync(dead, 'utf8').trimEnd().split('\n')]);
    const fingerprints = (file: string) =>
      JSON.parse(runCli(['check', file, '--format', 'sarif']).stdout).runs[0].results.map((result: { partialFingerprints: object }) => result.partialFingerprints);
    const before = fingerprints(dead);
    const after = fingerprints(shifted);
    expect(after).toEqual(before);
  });
});

describe('check --format github', () => {
  it('prints escaped workflow-command annotations', () => {
    const odd = write('odd, name: x.channels', ['channel "A"', '  when x = "a"', 'channel "B"', '  when x = "a"']);
    const result = runCli(['check', odd, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    const escapedFile = odd.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
    expect(result.stdout).toBe(
      `::warning file=${escapedFile},line=4,col=3,endLine=4,endColumn=14,title=Unreachable rule (unreachable-rule)::` +
        'This rule is unreachable: every event it matches is matched first by the rule on line 2 ("A"). For example {x: "a"} gets "A" from line 2.' +
        '%0AExample: {"x":"a"} gets "A"' +
        `%0A${odd}:2: the rule on line 2 ("A") covers the unreachable rule on line 4 ("B")\n`,
    );
    expect(result.code).toBe(0);
  });

  it('uses ::error and ::notice by severity', () => {
    const result = runCli(['check', broken, 'examples/amplitude-example.channels', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(result.stdout).toMatch(/^::error file=/m);
    expect(result.stdout).toMatch(/^::notice file=examples\/amplitude-example\.channels,line=34,/m);
    expect(result.code).toBe(1);
  });

  it('leaves out columns when the range spans lines', () => {
    const result = runCli(['check', 'examples/ga4-default.channels', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(result.stdout).toMatch(/^::notice file=examples\/ga4-default\.channels,line=47,endLine=48,title=Overlapping rule \(overlapping-rule\)::/m);
  });

  it('appends a Markdown table of every diagnostic to $GITHUB_STEP_SUMMARY', () => {
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    runCli(['check', dead, 'examples/ga4-default.channels', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const markdown = fs.readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# earlier step\n## channel-rules check\n')).toBe(true);
    expect(markdown).toContain('2 files checked: 0 errors, 1 warning, ');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    const json = JSON.parse(runCli(['check', dead, 'examples/ga4-default.channels', '--format', 'json']).stdout) as unknown[];
    expect(rows.length).toBe(json.length);
    // Linked to docs/diagnostics.md only when the package has a public repository (scripts/repository.mjs).
    const hasRepository = 'repository' in (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as object);
    expect(rows[0]).toContain(hasRepository ? '[unreachable-rule](' : '| unreachable-rule |');
    expect(rows[0]).toContain('`{"utm_medium":"cpc"} gets "Paid Search"`');
  });

  it('writes names, messages and examples into the summary as text: no HTML, no Markdown, no broken row', () => {
    // A line break in a file name split the row; a backtick pair ended its code span; a channel's HTML was HTML.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-summary-'));
    const file = path.join(folder, 'a``b\nc.channels');
    fs.writeFileSync(file, 'channel "<details><summary>[click](https://evil.example)</summary>"\n  when utm_medium = "cpc"\n  when utm_medium = "cpc"\n');
    const summary = path.join(folder, 'summary.md');
    runCli(['check', file, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const markdown = fs.readFileSync(summary, 'utf8');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\| ```[^`].*a``b c\.channels:3:3``` \|/);
    // Outside code spans (whose text GitHub shows as it is), no tag.
    expect(markdown.replace(/(`+)[^`][\s\S]*?\1/g, '')).not.toMatch(/<(?!br>)[a-z/]/i);
    expect(markdown).toContain('&lt;details&gt;&lt;summary&gt;\\[click\\](https://evil.example)&lt;/summary&gt;');
  });

  it('writes an @ of a channel into the summary so that it mentions no one on GitHub', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-summary-'));
    const file = path.join(folder, 'rules.channels');
    fs.writeFileSync(file, 'channel "@org/team"\n  when utm_medium = "cpc"\nchannel "@someone"\n  when utm_medium = "cpc"\n');
    const summary = path.join(folder, 'summary.md');
    runCli(['check', file, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    const markdown = fs.readFileSync(summary, 'utf8');
    expect(markdown).toContain('@&#8203;org/team');
    expect(mentionableAts(markdown)).toEqual([]);
  });
});
