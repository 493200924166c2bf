// The GitHub Action (action.yml) exercised by running its steps' commands, as the
// runner would, on a fixture repository made in a temp dir (a rules file in two
// commits, another one unchanged, sample events), against a stand-in for the GitHub
// API. Checks the annotations, the SARIF file (valid SARIF 2.1.0), the one sticky
// comment (marker, summary, moves table; edited, never duplicated, on a re-run) and
// the verdict.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli';
import { MARKER } from '../../scripts/action/comment.mjs';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'action');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'analysis', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}

interface ActionFile {
  name: string;
  inputs: Record<string, { default?: string; description: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionFile;

// ---- a stand-in for the GitHub REST API (issue comments only) --------------------

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

class FakeGitHub {
  comments: Comment[] = [];
  requests: string[] = [];
  private nextId = 100;
  private server = http.createServer((request, response) => void this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.requests.push(`${request.method} ${url.pathname}`);
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.headers.authorization !== 'Bearer test-token') return send(401, { message: 'Bad credentials' });
    const list = /^\/repos\/acme\/site\/issues\/7\/comments$/.test(url.pathname);
    if (list && request.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, this.comments.slice((page - 1) * perPage, page * perPage));
    }
    if (list && request.method === 'POST') {
      const comment = { id: this.nextId++, body: JSON.parse(text).body as string, html_url: `https://github.example/acme/site/pull/7#c${this.nextId}` };
      this.comments.push(comment);
      return send(201, comment);
    }
    const edit = /^\/repos\/acme\/site\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (edit && request.method === 'PATCH') {
      const comment = this.comments.find((candidate) => candidate.id === Number(edit[1]));
      if (comment === undefined) return send(404, { message: 'Not Found' });
      comment.body = JSON.parse(text).body as string;
      return send(200, comment);
    }
    return send(404, { message: 'Not Found' });
  }
}

// ---- running the action's steps -------------------------------------------------

interface RunContext {
  workspace: string;
  inputs: Record<string, string>;
  github: { baseSha: string; prNumber: string };
  apiUrl: string;
  runnerTemp: string;
}

interface StepRun {
  step: Step;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** `${{ … }}` for the few expressions action.yml uses (property paths, `==`, `!=`, `&&`). */
function evaluate(expression: string, context: RunContext, outputs: Map<string, Record<string, string>>): string {
  const value = (term: string): string => {
    term = term.trim();
    const quoted = /^'(.*)'$/.exec(term);
    if (quoted) return quoted[1]!;
    const input = /^inputs\.([\w-]+)$/.exec(term);
    if (input) return context.inputs[input[1]!] ?? substitute(action.inputs[input[1]!]?.default ?? '', context, outputs);
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(term);
    if (output) return outputs.get(output[1]!)?.[output[2]!] ?? '';
    switch (term) {
      case 'github.action_path':
        return ROOT;
      case 'github.token':
        return 'test-token';
      case 'github.event.pull_request.base.sha':
        return context.github.baseSha;
      case 'github.event.pull_request.number':
        return context.github.prNumber;
    }
    throw new Error(`the test does not know the expression ${term}`);
  };
  return expression
    .split('&&')
    .map((part) => {
      const comparison = /^(.*?)(==|!=)(.*)$/.exec(part);
      if (comparison === null) return value(part);
      const equal = value(comparison[1]!) === value(comparison[3]!);
      return String(comparison[2] === '==' ? equal : !equal);
    })
    .reduce((all, part) => (all === 'false' || part === 'false' ? 'false' : part));
}

function substitute(text: string, context: RunContext, outputs: Map<string, Record<string, string>>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => evaluate(expression, context, outputs));
}

function readOutputs(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      result[heredoc[1]!] = value.join('\n');
    } else {
      const simple = /^([\w-]+)=(.*)$/.exec(lines[i]!);
      if (simple) result[simple[1]!] = simple[2]!;
    }
  }
  return result;
}

function runShell(script: string, cwd: string, stepEnv: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env: stepEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the action's steps in order: `run` steps in bash, `uses` steps recorded (not run). */
async function runAction(context: RunContext): Promise<StepRun[]> {
  const outputs = new Map<string, Record<string, string>>();
  const summary = path.join(context.runnerTemp, 'step-summary.md');
  const runs: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    const condition = step.if === undefined ? 'true' : evaluate(step.if.replace(/^\$\{\{(.*)\}\}$/s, '$1'), context, outputs);
    if (condition === 'false' || step.run === undefined) {
      runs.push({ step, skipped: true, code: 0, stdout: '', stderr: '', outputs: {} });
      continue;
    }
    const outputFile = path.join(context.runnerTemp, `output-${index}`);
    fs.writeFileSync(outputFile, '');
    const stepEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: context.workspace,
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_API_URL: context.apiUrl,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      RUNNER_TEMP: context.runnerTemp,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) stepEnv[name] = substitute(value, context, outputs);
    const result = await runShell(step.run, context.workspace, stepEnv);
    const stepOutputs = readOutputs(outputFile);
    if (step.id !== undefined) outputs.set(step.id, stepOutputs);
    runs.push({ step, skipped: false, ...result, outputs: stepOutputs });
    if (result.code !== 0) break; // like the runner: a failed step ends the job
  }
  return runs;
}

// ---- the fixture repository ---------------------------------------------------------

function makeRepository(): { workspace: string; baseSha: string; commit: (file: string) => void } {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8', stdio: 'pipe' }).trim();
  git('init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(workspace, 'rules'));
  fs.mkdirSync(path.join(workspace, 'data'));
  fs.copyFileSync(path.join(FIXTURES, 'site.base.channels'), path.join(workspace, 'rules', 'site.channels'));
  fs.copyFileSync(path.join(FIXTURES, 'shared.channels'), path.join(workspace, 'shared.channels'));
  fs.copyFileSync(path.join(FIXTURES, 'events.ndjson'), path.join(workspace, 'data', 'events.ndjson'));
  git('add', '.');
  git('commit', '-qm', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'change');
  const commit = (file: string) => {
    fs.copyFileSync(path.join(FIXTURES, file), path.join(workspace, 'rules', 'site.channels'));
    git('commit', '-qam', `rules: ${file}`);
  };
  commit('site.head.channels');
  return { workspace, baseSha, commit };
}

// ---- the tests ----------------------------------------------------------------------

describe('action.yml', () => {
  it('is a composite action with the inputs the docs name', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['rules', 'events', 'node-version', 'comment', 'upload-sarif', 'github-token']));
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.['continue-on-error']).toBe(true);
    expect(upload?.with?.sarif_file).toBe('${{ steps.check.outputs.sarif }}');
    expect(action.runs.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe('${{ inputs.node-version }}');
    for (const step of action.runs.steps.filter((candidate) => candidate.run !== undefined)) expect(step.shell).toBe('bash');
  });

  describe('on a pull request of a fixture repository', () => {
    const github = new FakeGitHub();
    let apiUrl: string;
    let repo: ReturnType<typeof makeRepository>;
    let first: StepRun[];
    /** The first run's runner temp directory. */
    let runnerTemp: string;
    const context = (): RunContext => ({
      workspace: repo.workspace,
      inputs: { rules: 'rules/**/*.channels\nshared.channels', events: 'data/events.ndjson' },
      github: { baseSha: repo.baseSha, prNumber: '7' },
      apiUrl,
      runnerTemp: fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-runner-')),
    });
    const stepNamed = (runs: StepRun[], id: string) => runs.find((run) => run.step.id === id)!;

    beforeAll(async () => {
      apiUrl = await github.start();
      repo = makeRepository();
      const firstContext = context();
      runnerTemp = firstContext.runnerTemp;
      first = await runAction(firstContext);
    });
    afterAll(() => github.stop());

    it('runs every run step, and the job passes (warnings only)', () => {
      const failed = first.filter((run) => run.code !== 0).map((run) => `${run.step.name}: ${run.stdout}${run.stderr}`);
      expect(failed).toEqual([]);
      expect(first.filter((run) => !run.skipped).map((run) => run.step.name)).toHaveLength(action.runs.steps.filter((step) => step.run).length);
      expect(stepNamed(first, 'files').outputs.files.split('\n')).toEqual(['rules/site.channels', 'shared.channels']);
    });

    it('check: GitHub annotations on the files', () => {
      const check = stepNamed(first, 'check');
      expect(check.stdout).toMatch(/^::warning file=rules\/site\.channels,line=15,col=\d+,endLine=15,endColumn=\d+,title=[^:]*\(unreachable-rule\)::/m);
    });

    it('check: a SARIF file that is valid SARIF 2.1.0, and the upload step gets it', () => {
      const sarifFile = stepNamed(first, 'check').outputs.sarif!;
      expect(sarifFile).toBe(path.join(runnerTemp, 'channel-rules', 'channel-rules.sarif'));
      const log = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
      const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(SCHEMA);
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      expect(log.version).toBe('2.1.0');
      expect(log.runs[0]!.results.map((result) => result.ruleId)).toContain('unreachable-rule');
      const upload = first.find((run) => run.step.uses?.startsWith('github/codeql-action/upload-sarif'))!;
      expect(upload.skipped).toBe(true); // `uses` steps are not run here; its input resolves to the file:
      expect(substitute(upload.step.with!.sarif_file!, context(), new Map([['check', stepNamed(first, 'check').outputs]]))).toBe(sarifFile);
    });

    it('creates one sticky comment: marker, summary line, moves table with examples and counts, details', () => {
      expect(github.comments).toHaveLength(1);
      const body = github.comments[0]!.body;
      expect(body.startsWith(`${MARKER}\n## Channel rules\n`)).toBe(true);
      expect(body).toContain('**1 rules file changed · 3 rules changed · 2 moves · 2 of 5 sample events change channel · 1 rule newly unreachable**');
      expect(body).toContain('✅ `check`: no errors (1 warning) · ✅ `test`: every expectation holds (1 passed, 0 failed)');
      expect(body).toContain('### `rules/site.channels`');
      expect(body).toContain('| Old channel | New channel | Example event | Sample events |');
      expect(body).toMatch(/^\| Referral \| Email \| `\{[^`]*referrer: "[^"]*"[^`]*\}` \| 1 \|$/m);
      expect(body).toMatch(/^\| Direct \| Email \| `\{[^`]*\}` \| 1 \|$/m);
      expect(body).toContain('**Newly unreachable:** `rules/site.channels:15` (Newsletter)');
      expect(body).toMatch(/<details>\n<summary>Rule changes \(3\)<\/summary>/);
      expect(body).toContain('1 rules file unchanged: `shared.channels`.');
      expect(body).toContain('[workflow run](https://github.example/acme/site/actions/runs/42)');
      expect(github.requests).toEqual(['GET /repos/acme/site/issues/7/comments', 'POST /repos/acme/site/issues/7/comments']);
      // The same body is the job summary and the step's output file.
      const commentFile = stepNamed(first, 'comment').outputs['comment-file']!;
      expect(fs.readFileSync(commentFile, 'utf8')).toBe(body);
      expect(fs.readFileSync(path.join(runnerTemp, 'step-summary.md'), 'utf8')).toContain(body);
    });

    it('a re-run with the same commits leaves the one comment as it is', async () => {
      github.requests = [];
      const again = await runAction(context());
      expect(again.every((run) => run.code === 0)).toBe(true);
      expect(github.comments).toHaveLength(1);
      expect(github.requests).toEqual(['GET /repos/acme/site/issues/7/comments']);
    });

    it('a new push edits the same comment (never a second one), and a failing expectation fails the job', async () => {
      // Someone else's comment quoting ours must not be mistaken for it.
      github.comments.unshift({ id: 1, body: `> ${MARKER}\n> quoted`, html_url: 'https://github.example/c1' });
      repo.commit('site.failing.channels');
      github.requests = [];
      const runs = await runAction(context());
      expect(github.comments.map((comment) => comment.id)).toEqual([1, 100]);
      expect(github.requests).toEqual(['GET /repos/acme/site/issues/7/comments', 'PATCH /repos/acme/site/issues/comments/100']);
      const body = github.comments[1]!.body;
      expect(body.startsWith(MARKER)).toBe(true);
      expect(body).toContain('❌ `test`: failed, see the job log (1 passed, 1 failed)');
      expect(body).not.toContain('Newly unreachable');
      const verdict = runs[runs.length - 1]!;
      expect(verdict.step.name).toMatch(/Verdict/);
      expect(verdict.code).toBe(1);
      expect(verdict.stdout).toContain('::error::channel-rules test failed (1 passed, 1 failed)');
    });

    it('outside a pull request: check and test run, no diff and no comment', async () => {
      github.requests = [];
      const ctx = context();
      ctx.github = { baseSha: '', prNumber: '' };
      const runs = await runAction(ctx);
      expect(stepNamed(runs, 'diff').stdout).toContain('not a pull request');
      expect(github.requests).toEqual([]);
      expect(stepNamed(runs, 'check').outputs.sarif).toBeTruthy();
    });
  });
});
