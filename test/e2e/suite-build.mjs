// Shared by both runners (run.mjs: code-server; electron.mjs: @vscode/test-electron):
// bundles the in-host suite to out/e2e/ and makes a fresh workspace folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, HERE } from './code-server.mjs';

export async function buildSuite() {
  const suiteDir = path.join(HERE, 'suite');
  const entryPoints = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(suiteDir, f));
  fs.rmSync(path.join(ROOT, 'out', 'e2e'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: path.join(ROOT, 'out', 'e2e'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** A workspace with the examples and the e2e fixtures (incl. a git repository). */
export function makeWorkspace() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-ws-'));
  fs.cpSync(path.join(ROOT, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  const fixtures = path.join(HERE, 'fixtures');
  if (fs.existsSync(fixtures)) fs.cpSync(fixtures, workspace, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'add', '-A');
  git('-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-qm', 'fixture');
  return workspace;
}

