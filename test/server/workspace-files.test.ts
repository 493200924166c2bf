// The walk of a workspace folder for its rules files is bounded and can be stopped: it
// follows links wherever they point (a link to /usr/share alone was 3,600 folders),
// and workspace symbols walk again at every query.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRulesFiles, MAX_WORKSPACE_FOLDERS } from '../../server/workspace-files';

describe('findRulesFiles', () => {
  let root: string;
  let elsewhere: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'channel-rules-walk-'));
    elsewhere = mkdtempSync(path.join(tmpdir(), 'channel-rules-walk-target-'));
    writeFileSync(path.join(root, 'top.channels'), '');
    // A linked tree of more folders than a walk reads: its one rules file one level
    // below all of them (the walk goes level by level), in the folder it would read last.
    for (let k = 0; k < MAX_WORKSPACE_FOLDERS; k++) mkdirSync(path.join(elsewhere, `f${k}`));
    mkdirSync(path.join(elsewhere, 'z', 'below'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'z', 'below', 'deep.channels'), '');
    symlinkSync(elsewhere, path.join(root, 'linked'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it(`reads at most ${MAX_WORKSPACE_FOLDERS.toLocaleString('en-US')} folders, links followed`, async () => {
    expect(await findRulesFiles(root)).toEqual([path.join(root, 'top.channels')]);
  });

  it('stops when the walk is no longer wanted', async () => {
    let asked = 0;
    expect(await findRulesFiles(root, () => ++asked > 1)).toEqual([path.join(root, 'top.channels')]);
    expect(asked).toBe(2);
  });
});
