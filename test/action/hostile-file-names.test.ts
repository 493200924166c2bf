// The action's steps on tracked rules files whose names a shell or the runner could
// misread: a name that starts with `-` is a file, not an option, and a name with a line
// break and `::` is shown, never run as a workflow command.

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

function repositoryWith(names: string[]): { repository: string; state: string } {
  const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-names-'));
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-action-state-'));
  folders.push(repository, state);
  execFileSync('git', ['init', '-q'], { cwd: repository });
  for (const name of names) fs.writeFileSync(path.join(repository, name), RULES);
  execFileSync('git', ['add', '-A'], { cwd: repository });
  return { repository, state };
}

function step(name: string, repository: string, state: string): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [STEPS, name], {
    cwd: repository,
    env: { ...process.env, RULES: '**/*.channels', CHANNEL_RULES_STATE: state, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout };
}

/** The workflow commands the runner would run: lines starting with `::`, outside a `::stop-commands::` block. */
function commandsRun(stdout: string): string[] {
  const run: string[] = [];
  let stoppedUntil: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stoppedUntil !== undefined) {
      if (line === `::${stoppedUntil}::`) stoppedUntil = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop !== null) stoppedUntil = stop[1];
    else if (line.startsWith('::')) run.push(line);
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
});
