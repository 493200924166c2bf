#!/usr/bin/env node
// `npm run test:e2e`: the extension in a real VS Code (code-server 1.139, Node
// extension host) driven by Debian's Chromium.
//   1. in-host: the mocha suite in test/e2e/suite runs inside the extension host with
//      the real `vscode` API, the extension loaded from this folder (development path);
//   2. as a person: Playwright drives the workbench with the packaged .vsix installed
//      (test/e2e/ui.mjs).
// Bounded waits, clear failure messages, every process stopped, artifacts in
// test-results/e2e/. Prints "N passed, N failed" last.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureTools, startCodeServer, launchBrowser } from './code-server.mjs';
import { runUiTests } from './ui.mjs';
import { buildSuite, makeWorkspace } from './suite-build.mjs';

const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function step(message) {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runInHostSuite(results) {
  step('in-host suite: building');
  await buildSuite();
  const workspace = makeWorkspace();
  const resultsFile = path.join(ARTIFACTS, 'in-host-results.json');
  fs.rmSync(resultsFile, { force: true });
  step('in-host suite: starting code-server');
  const server = await startCodeServer({
    workspace,
    env: {
      CHANNEL_RULES_E2E_RESULTS: resultsFile,
      CHANNEL_RULES_E2E_WORKSPACE: workspace,
      ...(process.env.CHANNEL_RULES_E2E_GREP ? { CHANNEL_RULES_E2E_GREP: process.env.CHANNEL_RULES_E2E_GREP } : {}),
    },
  });
  const browser = await launchBrowser();
  const logLines = [];
  try {
    const { page } = browser;
    const exitCode = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = `[exthost ${type}] ${(args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
        logLines.push(line);
        if (process.env.CHANNEL_RULES_E2E_VERBOSE) process.stdout.write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const authority = `vscode-remote://${server.remoteAuthority}`;
    const payload = [
      ['extensionDevelopmentPath', `${authority}${ROOT}`],
      ['extensionTestsPath', `${authority}${ROOT}/out/e2e/index.js`],
    ];
    step('in-host suite: running');
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeoutMs = 240_000;
    let timer;
    const code = await Promise.race([
      exitCode,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      await page.screenshot({ path: path.join(ARTIFACTS, 'in-host-timeout.png') }).catch(() => {});
      throw new Error(
        `in-host suite did not finish within ${timeoutMs} ms; last extension-host output:\n${logLines.slice(-30).join('\n')}\nserver log:\n${server.log().slice(-2000)}`,
      );
    }
    if (!fs.existsSync(resultsFile)) {
      throw new Error(`in-host suite exited with ${code} but wrote no results; output:\n${logLines.slice(-40).join('\n')}`);
    }
    const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    for (const result of report.results) {
      results.push({ suite: 'in-host', ...result });
      step(`${result.state === 'passed' ? 'ok  ' : result.state === 'failed' ? 'FAIL' : 'skip'} ${result.title}${result.durationMs !== undefined ? ` (${result.durationMs} ms)` : ''}`);
      if (result.error) process.stdout.write(`${result.error.split('\n').map((l) => `       ${l}`).join('\n')}\n`);
    }
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, 'in-host-exthost.log'), logLines.join('\n'));
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  step('tools');
  ensureTools();
  step('building the extension');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const results = [];
  const failures = [];
  for (const [name, run] of [
    ['in-host', () => runInHostSuite(results)],
    ['ui', () => runUiTests({ results, artifacts: ARTIFACTS, step, makeWorkspace })],
  ]) {
    if (only && only !== name) continue;
    try {
      await run();
    } catch (error) {
      failures.push(name);
      results.push({ suite: name, title: `${name} suite`, state: 'failed', error: error.stack ?? String(error) });
      process.stdout.write(`[e2e] ${name} suite failed: ${error.stack ?? error}\n`);
    }
  }
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify({ passed, failed, results }, null, 2));
  step(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in ${path.relative(ROOT, ARTIFACTS)}/`);
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
