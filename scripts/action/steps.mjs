#!/usr/bin/env node
// The steps of the GitHub Action (action.yml at the repository root). Each step of the
// action runs `node scripts/action/steps.mjs <step>` in the workspace:
//
//   install  build channel-rules from the action's checkout (npm ci + build) unless built
//   files    the rules files: tracked files matching the `rules` input (paths or globs)
//   check    `check --format github` (annotations, job summary) and a SARIF file
//   test     `test`: the files' expect statements
//   diff     on a pull request: `diff BASE_SHA:path path` per rules file (markdown + json)
//   comment  the sticky PR comment (created once, edited on every re-run) + job summary
//   verdict  fail the job when check or test failed (a diff never fails it)
//
// Steps record what they found in $RUNNER_TEMP/channel-rules (JSON files), so each
// step can run in its own process and the comment step can read the others. A step
// never fails the job itself, except `verdict`; so the comment is posted even when the
// check finds errors. Inputs come as environment variables (see action.yml).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildComment } from './comment.mjs';
import { GitHubApiError, upsertStickyComment } from './github-api.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'bin', 'channel-rules.js');
const env = process.env;
const STATE = env.CHANNEL_RULES_STATE || path.join(env.RUNNER_TEMP || os.tmpdir(), 'channel-rules');

const steps = {
  install() {
    if (fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
      log(`channel-rules is built in ${ROOT}`);
      return;
    }
    runOrFail('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], ROOT);
    runOrFail(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--production'], ROOT);
  },

  files() {
    const patterns = rulesPatterns();
    const result = git(['ls-files', '-z', '--', ...pathspecs(patterns)]);
    if (result.status !== 0) fail(`cannot list the rules files: ${firstLine(result.stderr)}`);
    const files = result.stdout.split('\0').filter((file) => file !== '');
    writeState('files.json', files);
    setOutput('count', String(files.length));
    setOutput('files', files.join('\n'));
    if (files.length === 0) warn(`no tracked file matches the rules input: ${patterns.join(' ')}`);
    else untrusted(() => log(`rules files:\n  ${files.map(escapeData).join('\n  ')}`));
  },

  check() {
    const files = readState('files.json', []);
    if (files.length === 0) return writeState('check.json', { exit: null });
    const limit = env.MAX_WARNINGS ? ['--max-warnings', env.MAX_WARNINGS] : [];
    // Annotations go to stdout, where GitHub reads workflow commands; its messages on
    // stderr name files (cannot read …), so they are shown after it ends, as text.
    // `--` before the files: a tracked name may start with `-`.
    const annotated = spawnSync(process.execPath, [CLI, 'check', '--format', 'github', ...limit, '--', ...files], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (annotated.stderr) untrusted(() => process.stdout.write(annotated.stderr));
    const sarifFile = path.join(STATE, 'channel-rules.sarif');
    const sarif = spawnSync(process.execPath, [CLI, 'check', '--format', 'sarif', ...limit, '--', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    let summary;
    if (sarif.status === 0 || sarif.status === 1) {
      fs.writeFileSync(sarifFile, sarif.stdout);
      setOutput('sarif', sarifFile);
      summary = sarifSummary(sarif.stdout);
    } else {
      summary = firstLine(sarif.stderr);
      warn(`no SARIF file: ${summary}`);
    }
    writeState('check.json', { exit: annotated.status ?? 2, summary });
  },

  test() {
    const files = readState('files.json', []);
    if (files.length === 0) return writeState('test.json', { exit: null });
    const result = spawnSync(process.execPath, [CLI, 'test', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // Its text names the files and the expectations: shown as text, never read as workflow commands.
    untrusted(() => {
      process.stdout.write(result.stdout);
      process.stdout.write(result.stderr);
    });
    const counts = /(\d+) passed, (\d+) failed/.exec(result.stdout);
    const summary = counts ? `${counts[1]} passed, ${counts[2]} failed` : firstLine(result.stderr);
    writeState('test.json', { exit: result.status ?? 2, summary });
  },

  diff() {
    const baseSha = env.BASE_SHA;
    if (!baseSha) {
      log('not a pull request: no base to compare with');
      return writeState('diff.json', { skipped: 'not a pull request' });
    }
    if (git(['cat-file', '-e', `${baseSha}^{commit}`]).status !== 0) {
      log(`fetching the base commit ${baseSha}`);
      const fetched = git(['fetch', '--no-tags', '--depth=1', 'origin', baseSha]);
      if (fetched.status !== 0) fail(`cannot fetch the base commit ${baseSha}: ${firstLine(fetched.stderr)}`);
    }
    const base = gitText(['rev-parse', '--short=12', baseSha]) || baseSha;
    const head = gitText(['rev-parse', '--short=12', 'HEAD']);
    const events = sampleEvents();
    const headFiles = readState('files.json', []);
    const deleted = git(['diff', '--name-only', '-z', '--diff-filter=D', baseSha, 'HEAD', '--', ...pathspecs(rulesPatterns())])
      .stdout.split('\0')
      .filter((file) => file !== '' && !headFiles.includes(file));
    const empty = emptyRulesFile();
    const results = [];
    // A line per compared file, shown after the loop as text (untrusted): it starts with the name.
    const compared = [];
    for (const file of [...headFiles, ...deleted]) {
      const baseBlob = gitText(['rev-parse', '--verify', '--quiet', `${baseSha}:${file}`]);
      const inHead = headFiles.includes(file);
      if (baseBlob && inHead && baseBlob === gitText(['hash-object', '--', file])) {
        results.push({ file, status: 'unchanged' });
        continue;
      }
      const status = !baseBlob ? 'added' : !inHead ? 'deleted' : 'changed';
      const baseArg = baseBlob ? `${base}:${file}` : empty;
      const headArg = inHead ? file : empty;
      const run = (format) =>
        spawnSync(process.execPath, [CLI, 'diff', '--format', format, ...events, '--', baseArg, headArg], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const markdown = run('markdown');
      const json = markdown.status === 0 ? run('json') : markdown;
      if (markdown.status !== 0 || json.status !== 0) {
        const error = firstLine(json.stderr || markdown.stderr) || `channel-rules diff exited with ${json.status}`;
        warn(`${file}: ${error}`);
        results.push({ file, status: 'error', error });
        continue;
      }
      compared.push(`${escapeData(file)}: ${markdown.stdout.split('\n').find((line) => line.startsWith('**')) ?? status}`);
      // The CLI names the empty stand-in of an added or deleted file by its path; say what it is.
      const readable = markdown.stdout.split(`\`${empty}\``).join('an empty rules file');
      results.push({ file, status, markdown: readable, json: JSON.parse(json.stdout) });
    }
    if (compared.length > 0) untrusted(() => log(compared.join('\n')));
    const moves = results.reduce((sum, entry) => sum + (entry.json?.moves.length ?? 0), 0);
    setOutput('moves', String(moves));
    writeState('diff.json', { base, head, files: results });
  },

  async comment() {
    const diff = readState('diff.json', { skipped: 'the diff did not run' });
    const check = readState('check.json', { exit: null });
    const test = readState('test.json', { exit: null });
    const runUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    const files = diff.files ?? [];
    const body = buildComment({ files, check, test, base: diff.base, head: diff.head, runUrl });
    const bodyFile = path.join(STATE, 'comment.md');
    fs.writeFileSync(bodyFile, body);
    setOutput('comment-file', bodyFile);
    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `\n${body}`);
    if (diff.skipped) return log(`no pull-request comment: ${diff.skipped}`);
    if (env.COMMENT === 'false') return log('no pull-request comment: the comment input is false');
    if (!env.PR_NUMBER || !env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) return warn('no pull-request comment: no pull request number, token or repository');
    try {
      const result = await upsertStickyComment({
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
        token: env.GITHUB_TOKEN,
        repository: env.GITHUB_REPOSITORY,
        issue: env.PR_NUMBER,
        body,
        // A pull request that touches no rules file gets no new comment; an old one is updated.
        createIfMissing: files.some((entry) => entry.status !== 'unchanged'),
      });
      log(`pull-request comment ${result.action}${result.url ? `: ${result.url}` : ''}`);
    } catch (error) {
      if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
        warn(`cannot comment on the pull request (${error.message}); the job summary has the diff. A pull request from a fork gets a read-only token; give the workflow \`permissions: pull-requests: write\` otherwise.`);
        return;
      }
      throw error;
    }
  },

  verdict() {
    const check = readState('check.json', { exit: null });
    const test = readState('test.json', { exit: null });
    const failed = [];
    if (check.exit !== null && check.exit !== 0) failed.push(`channel-rules check failed${check.summary ? ` (${check.summary})` : ''}`);
    if (test.exit !== null && test.exit !== 0) failed.push(`channel-rules test failed${test.summary ? ` (${test.summary})` : ''}`);
    for (const message of failed) process.stdout.write(`::error::${escapeData(message)}\n`);
    if (failed.length > 0) process.exitCode = 1;
    else log('check and test passed');
  },
};

// ---- helpers -----------------------------------------------------------------

function rulesPatterns() {
  // A line break anywhere (a YAML `|` block ends with one) means one path per line, so
  // that a name with a space stays one path; checked before trimming, which drops it.
  const input = env.RULES ?? '';
  const patterns = (input.includes('\n') ? input.split(/\r?\n/) : input.split(/\s+/)).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  return patterns.length > 0 ? patterns : ['**/*.channels'];
}

/** Git pathspecs: a glob gets `:(glob)` magic, so `**` means any depth (including none). */
export function pathspecs(patterns) {
  return patterns.map((pattern) => (pattern.startsWith(':') || !/[*?[]/.test(pattern) ? pattern : `:(glob)${pattern}`));
}

function sampleEvents() {
  const file = (env.EVENTS ?? '').trim();
  if (file === '') return [];
  if (!fs.existsSync(file)) {
    warn(`the events file ${file} does not exist: the diff runs without sample events`);
    return [];
  }
  return ['--events', file];
}

function emptyRulesFile() {
  const file = path.join(STATE, 'empty.channels');
  fs.mkdirSync(STATE, { recursive: true });
  fs.writeFileSync(file, '');
  return file;
}

function sarifSummary(text) {
  try {
    const results = JSON.parse(text).runs.flatMap((run) => run.results ?? []);
    const count = (level) => results.filter((result) => (result.level ?? 'warning') === level).length;
    const parts = [];
    const errors = count('error');
    const warnings = count('warning');
    if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
    if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
    return parts.join(', ');
  } catch {
    return undefined;
  }
}

function git(args) {
  return spawnSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function gitText(args) {
  const result = git(args);
  return result.status === 0 ? result.stdout.trim() : '';
}

function runOrFail(command, args, cwd) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed`);
}

function writeState(name, value) {
  fs.mkdirSync(STATE, { recursive: true });
  fs.writeFileSync(path.join(STATE, name), JSON.stringify(value, null, 2));
}

function readState(name, fallback) {
  try {
    return JSON.parse(fs.readFileSync(path.join(STATE, name), 'utf8'));
  } catch {
    return fallback;
  }
}

function setOutput(name, value) {
  if (!env.GITHUB_OUTPUT) return;
  const delimiter = `channel_rules_${Math.random().toString(36).slice(2)}`;
  fs.appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

function firstLine(text) {
  return (text ?? '').split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}

function log(message) {
  process.stdout.write(`${message}\n`);
}

/**
 * Writes what `write` writes between `::stop-commands::` and its end, so that text naming
 * files is shown as it is, never run as a workflow command. The runner reads a line as
 * one when it starts with `::` after its leading spaces (a name at the start of a line,
 * or after a line break in it), and as a legacy one wherever `##[` is in it (a name
 * anywhere): escaping names cannot prevent either. `write` writes to stdout only: the
 * runner reads stdout and stderr apart, so a line on stderr could be read before the
 * `::stop-commands::` line.
 */
function untrusted(write) {
  const token = `channel-rules-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  process.stdout.write(`::stop-commands::${token}\n`);
  try {
    write();
  } finally {
    process.stdout.write(`\n::${token}::\n`);
  }
}

function warn(message) {
  process.stdout.write(`::warning::${escapeData(message)}\n`);
}

function fail(message) {
  process.stdout.write(`::error::${escapeData(message)}\n`);
  process.exit(1);
}

function escapeData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const name = process.argv[2];
  const step = steps[name];
  if (step === undefined) {
    process.stderr.write(`usage: steps.mjs ${Object.keys(steps).join('|')}\n`);
    process.exit(2);
  }
  Promise.resolve(step()).catch((error) => {
    process.stdout.write(`::error::${escapeData(`${name}: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exit(1);
  });
}
