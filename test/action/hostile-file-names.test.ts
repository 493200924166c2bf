// The action's steps on tracked rules files whose names a shell or the runner could
// misread: a name that starts with `-` is a file, not an option, and a name with a line
// break and `::`, one that starts with `::` or holds `##[` is shown, never run as a
// workflow command.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli';

const STEPS = path.join(ROOT, 'scripts', 'action', 'steps.mjs');
const RULES = 'channel "A"\n  when utm_medium = "cpc"\nexpect "A" for { utm_medium: "cpc" }\n';
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function repositoryWith(names: string[], base?: string): { repository: string; state: string; baseSha?: string } {
  const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-names-'));
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-state-'));
  folders.push(repository, state);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, encoding: 'utf8' }).trim();
  git('init', '-q');
  let baseSha: string | undefined;
  if (base !== undefined) {
    fs.writeFileSync(path.join(repository, base), RULES);
    git('add', '-A');
    git('-c', 'user.email=a@b', '-c', 'user.name=t', 'commit', '-qm', 'base');
    baseSha = git('rev-parse', 'HEAD');
  }
  for (const name of names) fs.writeFileSync(path.join(repository, name), RULES);
  git('add', '-A');
  if (base !== undefined) git('-c', 'user.email=a@b', '-c', 'user.name=t', 'commit', '-qm', 'head');
  return { repository, state, ...(baseSha === undefined ? {} : { baseSha }) };
}

function step(name: string, repository: string, state: string, baseSha = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [STEPS, name], {
    cwd: repository,
    env: { ...process.env, RULES: '**/*.channels', CHANNEL_RULES_STATE: state, BASE_SHA: baseSha, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The workflow commands the runner would run, outside a `::stop-commands::` block, as
 * actions/runner's ActionCommand reads them: a line that starts with `::` after its
 * leading spaces, else one holding `##[` anywhere (the legacy syntax).
 */
function commandsRun(stdout: string): string[] {
  const run: string[] = [];
  let stoppedUntil: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stoppedUntil !== undefined) {
      if (line.trim() === `::${stoppedUntil}::`) stoppedUntil = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line.trimStart());
    if (stop !== null) stoppedUntil = stop[1];
    else if (line.trimStart().startsWith('::') || /##\[[^\]]*\]/.test(line)) run.push(line);
  }
  return run;
}

describe('the action on hostile file names', () => {
  it('checks and tests a rules file whose name starts with -', () => {
    const { repository, state } = repositoryWith(['-legacy.channels']);
    expect(step('files', repository, state).status).toBe(0);
    expect(step('check', repository, state).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(state, 'check.json'), 'utf8')).exit).toBe(0);
    expect(step('test', repository, state).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(state, 'test.json'), 'utf8'))).toMatchObject({ exit: 0, summary: '1 passed, 0 failed' });
  });

  it('runs no workflow command that a file name holds', () => {
    const name = 'x\n::add-mask::secret\n::error file=README.md::INJECTED\n.channels';
    const { repository, state } = repositoryWith([name]);
    const outputs = ['files', 'check', 'test'].map((each) => step(each, repository, state).stdout);
    for (const stdout of outputs) {
      expect(commandsRun(stdout).filter((line) => line.startsWith('::add-mask') || line.includes('INJECTED') && !line.startsWith('::error file=x%0A'))).toEqual([]);
    }
  });

  it('runs no workflow command that a name starting with :: or holding ##[ makes, in any step', () => {
    // The diff step logged `::error title=…` at the start of a line, the files step after
    // two spaces (which the runner trims), and `check` passed its stderr on (cannot read
    // …) where the runner reads `##[` anywhere in a line.
    const names = ['::error title=Security::Token leaked, rotate now.channels', 'a ##[add-mask]legacy.channels'];
    const { repository, state, baseSha } = repositoryWith(names, 'site.channels');
    fs.symlinkSync('missing', path.join(repository, 'gone ##[error]x.channels'));
    execFileSync('git', ['add', '-A'], { cwd: repository });
    for (const each of ['files', 'check', 'test', 'diff']) {
      const { stdout, stderr } = step(each, repository, state, baseSha);
      // Every command run is the CLI's own annotation or the step's warning, never a name.
      expect(commandsRun(stdout).filter((line) => !/^::(error|warning|notice) file=|^::warning::/.test(line)), each).toEqual([]);
      expect(stderr, each).toBe('');
    }
    expect(JSON.parse(fs.readFileSync(path.join(state, 'diff.json'), 'utf8')).files.map((entry: { status: string }) => entry.status)).toContain('added');
  });
});
