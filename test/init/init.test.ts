// `channel-rules init`: every template gives files that pass `check` and `test`, whose
// sample the preview finds by name and reads without a skipped line; the workflow of
// --with-ci passes the workflow linter; nothing is ever overwritten.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRulesText } from '../../cli/load-rules';
import { actionReference, planInit, PLACEHOLDER_ACTION, TEMPLATE_NAMES } from '../../engine/init/init-project';
import { conventionalSampleNames } from '../../engine/preview/sample-file-names';
import { loadSample } from '../../engine/preview/sample';
import { runCli, ROOT } from '../support/run-cli';

const temporary: string[] = [];
function tempFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-init-'));
  temporary.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of temporary.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** The file the preview takes: the first conventional name that exists beside the rules. */
function previewSampleOf(rulesFile: string): string | undefined {
  const folder = path.dirname(rulesFile);
  return conventionalSampleNames(path.basename(rulesFile))
    .map((name) => path.join(folder, name))
    .find((file) => fs.existsSync(file));
}

describe('channel-rules init', () => {
  for (const template of TEMPLATE_NAMES) {
    it(`--template ${template}: the rules pass check and test, and the preview reads the sample`, async () => {
      const folder = tempFolder();
      const init = runCli(['init', 'site.channels', '--template', template], { cwd: folder });
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('wrote site.channels');
      expect(init.stdout).toContain('wrote site.events.ndjson');
      expect(fs.readdirSync(folder).sort()).toEqual(['site.channels', 'site.events.ndjson']);
      const rules = fs.readFileSync(path.join(folder, 'site.channels'), 'utf8');
      expect(rules).not.toMatch(/\{\{\w+\}\}/);

      const check = runCli(['check', 'site.channels'], { cwd: folder });
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toMatch(/0 errors, 0 warnings/);
      const test = runCli(['test', 'site.channels'], { cwd: folder });
      expect(test.code, test.stdout + test.stderr).toBe(0);
      expect(test.stdout).toMatch(/[1-9]\d* passed, 0 failed/);

      const sampleFile = previewSampleOf(path.join(folder, 'site.channels'));
      expect(sampleFile).toBe(path.join(folder, 'site.events.ndjson'));
      const lines = fs.readFileSync(sampleFile!, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
      const sample = await loadSample(1, { kind: 'path', path: sampleFile! }, 'site.events.ndjson');
      expect(sample.skippedCount).toBe(0);
      expect(sample.props.length).toBe(lines);
      expect(lines).toBeGreaterThan(0);

      const report = runCli(['report', 'site.channels', '--events', 'site.events.ndjson', '--format', 'json'], { cwd: folder });
      expect(report.code, report.stderr).toBe(0);
      const parsed = JSON.parse(report.stdout) as { events: number; skipped: number; sessionCount: number };
      expect({ events: parsed.events, skipped: parsed.skipped }).toEqual({ events: lines, skipped: 0 });
      expect(parsed.sessionCount).toBeGreaterThan(0);
    });
  }

  it('defaults to the ga4 template in rules.channels', () => {
    const folder = tempFolder();
    const init = runCli(['init'], { cwd: folder });
    expect(init.code).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'rules.channels'), 'utf8')).toContain('# Google Analytics 4: the default channel group');
    expect(fs.existsSync(path.join(folder, 'rules.events.ndjson'))).toBe(true);
  });

  it("the commands it suggests run as printed, pasted into a shell, for a name with a space and a quote; a control character is shown, not sent", () => {
    const folder = tempFolder();
    const init = runCli(['init', "my team's rules.channels"], { cwd: folder });
    expect(init.code).toBe(0);
    // Before: `channel-rules check my team's rules.channels`, three words and an open quote.
    const commands = init.stdout.split('\n').filter((line) => line.startsWith('  channel-rules '));
    expect(commands).toEqual([
      "  channel-rules check 'my team'\\''s rules.channels'",
      "  channel-rules test 'my team'\\''s rules.channels'",
      "  channel-rules report 'my team'\\''s rules.channels' --events 'my team'\\''s rules.events.ndjson'",
    ]);
    const cli = path.join(ROOT, 'bin', 'channel-rules.js');
    for (const command of commands) {
      const run = spawnSync('sh', ['-c', command.trim().replace(/^channel-rules /, `"${process.execPath}" "${cli}" `)], { cwd: folder, encoding: 'utf8' });
      expect(run.status, `${command}\n${run.stderr}`).toBe(0);
    }
    const escape = runCli(['init', 'x\x1b]0;t\x07.channels'], { cwd: folder });
    expect(escape.code).toBe(0);
    expect(escape.stdout).not.toMatch(/[\x1b\x07]/);
    expect(escape.stdout).toContain("wrote 'x\\033]0;t\\a.channels'");
  });

  it('refuses to overwrite: exit 2, one line naming the file, nothing written', () => {
    const folder = tempFolder();
    fs.writeFileSync(path.join(folder, 'rules.events.ndjson'), 'mine\n');
    const init = runCli(['init', '--template', 'blank', '--with-ci'], { cwd: folder });
    expect(init.code).toBe(2);
    expect(init.stdout).toBe('');
    expect(init.stderr).toBe('channel-rules init: rules.events.ndjson already exists (init never overwrites a file)\n');
    expect(fs.readdirSync(folder)).toEqual(['rules.events.ndjson']);
    expect(fs.readFileSync(path.join(folder, 'rules.events.ndjson'), 'utf8')).toBe('mine\n');
  });

  it('writes nothing when a file it would write is a link to nothing, or when a write fails halfway', () => {
    const folder = tempFolder();
    fs.symlinkSync(path.join(folder, 'nowhere.txt'), path.join(folder, 's.events.ndjson'));
    const linked = runCli(['init', 's.channels'], { cwd: folder });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toBe('channel-rules init: s.events.ndjson already exists (init never overwrites a file)\n');
    expect(fs.readdirSync(folder)).toEqual(['s.events.ndjson']);
    // `.github` a file: the rules and the sample were written before the workflow's folder failed, and stayed.
    const repository = tempFolder();
    fs.mkdirSync(path.join(repository, '.git'));
    fs.writeFileSync(path.join(repository, '.github'), 'not a folder');
    const halfway = runCli(['init', 'r.channels', '--with-ci'], { cwd: repository });
    expect(halfway.code).toBe(2);
    expect(halfway.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(repository).sort()).toEqual(['.git', '.github']);
    const again = runCli(['init', 'r.channels'], { cwd: repository });
    expect(again.code, again.stderr).toBe(0);
  });

  it('the workflow names a rules file with spaces and glob characters so that the action finds exactly it', () => {
    const repository = tempFolder();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, encoding: 'utf8' });
    git('init', '-q');
    const name = 'rules/web site [1]*.channels';
    fs.mkdirSync(path.join(repository, 'rules'));
    // A file the pattern would also match as a glob: the action must not take it.
    fs.writeFileSync(path.join(repository, 'rules', 'web site 1x.channels'), 'channel "X"\n  when a exists\n');
    const init = runCli(['init', name, '--template', 'blank', '--with-ci'], { cwd: repository });
    expect(init.code, init.stderr).toBe(0);
    git('add', '-A');
    const workflow = yaml.load(fs.readFileSync(path.join(repository, '.github', 'workflows', 'channel-rules.yml'), 'utf8')) as {
      jobs: { rules: { steps: Array<{ with?: Record<string, string> }> } };
    };
    const rulesInput = workflow.jobs.rules.steps.find((step) => step.with !== undefined)!.with!.rules!;
    const state = tempFolder();
    const files = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'action', 'steps.mjs'), 'files'], {
      cwd: repository,
      env: { ...process.env, RULES: rulesInput, CHANNEL_RULES_STATE: state, GITHUB_OUTPUT: '' },
      encoding: 'utf8',
    });
    expect(files.status, files.stdout + files.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(state, 'files.json'), 'utf8'))).toEqual([name]);
  });

  it('rejects an unknown template and a file name without .channels, in one line', () => {
    const folder = tempFolder();
    const unknown = runCli(['init', '--template', 'ga3'], { cwd: folder });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('channel-rules init: unknown template "ga3" (expected ga4, amplitude, blank)\n');
    const badName = runCli(['init', 'rules.txt'], { cwd: folder });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toBe('channel-rules init: rules.txt: a rules file name ends in .channels\n');
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('--with-ci writes a workflow at the top of the git repository that names the files from there and passes the linter', () => {
    const repository = tempFolder();
    fs.mkdirSync(path.join(repository, '.git'));
    fs.mkdirSync(path.join(repository, 'analytics', 'rules'), { recursive: true });
    const init = runCli(['init', 'rules/web site.channels', '--template', 'amplitude', '--with-ci'], { cwd: path.join(repository, 'analytics') });
    expect(init.code, init.stderr).toBe(0);
    const workflowFile = path.join(repository, '.github', 'workflows', 'channel-rules.yml');
    const workflow = fs.readFileSync(workflowFile, 'utf8');
    // A line break keeps the name with a space one path for the action (action.yml: paths separated by spaces, or by lines).
    expect(workflow).toContain('rules: "analytics/rules/web site.channels\\n"');
    expect(workflow).toContain('events: "analytics/rules/web site.events.ndjson"');
    expect(workflow).toContain(`uses: ${PLACEHOLDER_ACTION}`);
    expect(init.stdout).toContain(`replace ${PLACEHOLDER_ACTION}`);
    const lint = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs'), workflowFile], {
      cwd: repository,
      encoding: 'utf8',
    });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  });

  it('a line break in the file names is escaped in the comments that name them: the rules still parse', () => {
    const folder = tempFolder();
    for (const template of TEMPLATE_NAMES) {
      const [rules] = planInit({ template, rulesFile: path.join(folder, 'a\nb.channels'), withCi: false, projectRoot: folder, templatesDir: path.join(ROOT, 'templates'), action: PLACEHOLDER_ACTION });
      const loaded = compileRulesText('a\nb.channels', rules!.text);
      expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), template).toEqual([]);
      expect(rules!.text, template).toContain('a\\nb.events.ndjson');
    }
  });

  it("the workflow's action comes from the package's repository when it has one", () => {
    expect(actionReference({ version: '0.1.0' })).toBe(PLACEHOLDER_ACTION);
    expect(actionReference({ version: '2.3.1', repository: { type: 'git', url: 'git+https://github.com/acme/channel-rules.git' } })).toBe('acme/channel-rules@v2.3.1');
    expect(actionReference({ version: '0.1.0', repository: 'https://github.com/acme/rules' })).toBe('acme/rules@v0.1.0');
    const folder = tempFolder();
    const files = planInit({
      template: 'blank',
      rulesFile: path.join(folder, 'x.channels'),
      withCi: true,
      projectRoot: folder,
      templatesDir: path.join(ROOT, 'templates'),
      action: 'acme/channel-rules@v2',
    });
    expect(files.map((file) => [file.kind, path.relative(folder, file.path)])).toEqual([
      ['rules', 'x.channels'],
      ['events', 'x.events.ndjson'],
      ['workflow', path.join('.github', 'workflows', 'channel-rules.yml')],
    ]);
    expect(files[2]!.text).toContain('uses: acme/channel-rules@v2\n');
  });
});
