#!/usr/bin/env node
// `npm run test:electron`: the same in-host suite (test/e2e/suite) in desktop VS Code
// through @vscode/test-electron, for contributors whose machines can download VS Code
// (it downloads VS Code 1.139.1 into .vscode-test/ on first use). Not part of .ci/run:
// CI machines here cannot download it; they run `npm run test:e2e` (code-server).
import fs from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite, makeWorkspace } from './suite-build.mjs';
import { ROOT } from './code-server.mjs';

const resultsFile = path.join(ROOT, 'test-results', 'e2e', 'electron-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
await buildSuite();
const workspace = makeWorkspace();
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.139.1',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { CHANNEL_RULES_E2E_RESULTS: resultsFile, CHANNEL_RULES_E2E_WORKSPACE: workspace },
  });
  const { results } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  process.stdout.write(`electron: ${passed} passed, ${failed} failed\n`);
} catch (error) {
  process.stderr.write(`electron: the suite failed: ${error.message ?? error}\n`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
