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
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, ensureTools, startCodeServer, launchBrowser } from './code-server.mjs';
import { runUiTests } from './ui.mjs';
import { runWebUiTest } from './web-ui.mjs';
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

/**
 * The in-host tests that apply in the browser, in code-server's WEB WORKER extension
 * host: the extension is loaded from a copy of this folder whose package.json has no
 * `main` (an extension with only a `browser` entry runs in the web worker host; the
 * files are symlinks), and the suite is a browser bundle (test/e2e/web).
 */
async function runWebSuite(results) {
  step('web suite: building');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'e2e', 'web', 'index.ts')],
    outfile: path.join(ROOT, 'out', 'e2e-web', 'web-tests.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    alias: { 'node:assert/strict': path.join(ROOT, 'test', 'e2e', 'web', 'assert.ts') },
    logLevel: 'warning',
  });
  const extension = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-web-ext-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete manifest.main;
  fs.writeFileSync(path.join(extension, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const entry of ['dist', 'grammar', 'docs', 'templates', 'walkthrough', 'images', 'examples', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.symlinkSync(path.join(ROOT, entry), path.join(extension, entry));
  }
  // Inside the extension's folder, the test module runs in the extension's (web worker) host.
  fs.copyFileSync(path.join(ROOT, 'out', 'e2e-web', 'web-tests.js'), path.join(extension, 'web-tests.js'));
  const workspace = makeWorkspace();
  step('web suite: starting code-server');
  // As the Node host's suite sees it: an edit stays unsaved until a test saves or reverts it (the web workbench saves after a delay by default).
  const server = await startCodeServer({ workspace, settings: { 'files.autoSave': 'off' } });
  const browser = await launchBrowser();
  const logLines = [];
  try {
    const { page } = browser;
    let report;
    const exitCode = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        const line = `[exthost ${type}] ${(args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
        const marker = (args ?? []).find((a) => typeof a === 'string' && a.startsWith('CHANNEL_RULES_WEB_RESULTS '));
        if (marker) report = JSON.parse(marker.slice('CHANNEL_RULES_WEB_RESULTS '.length));
        logLines.push(line);
        if (process.env.CHANNEL_RULES_E2E_VERBOSE) process.stdout.write(`${line}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    page.on('console', (message) => {
      const text = message.text();
      if (text.includes('LocalWebWorker') || text.includes('CHANNEL_RULES_WEB_RESULTS')) logLines.push(`[page] ${text.slice(0, 300)}`);
      const at = text.indexOf('CHANNEL_RULES_WEB_RESULTS ');
      if (at >= 0 && report === undefined) {
        try {
          report = JSON.parse(text.slice(at + 'CHANNEL_RULES_WEB_RESULTS '.length));
        } catch {}
      }
    });
    const authority = `vscode-remote://${server.remoteAuthority}`;
    const payload = [
      ['extensionDevelopmentPath', `${authority}${extension}`],
      ['extensionTestsPath', `${authority}${extension}/web-tests.js`],
    ];
    step('web suite: running');
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const code = await Promise.race([exitCode, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 240_000)))]);
    clearTimeout(timer);
    if (report === undefined) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-suite-failure.png') }).catch(() => {});
      throw new Error(`the web suite ended (${code}) without results; output:\n${logLines.slice(-40).join('\n')}`);
    }
    for (const result of report.results) {
      results.push({ suite: 'web', ...result });
      step(`${result.state === 'passed' ? 'ok  ' : 'FAIL'} ${result.title} (${result.durationMs} ms)`);
      if (result.error) process.stdout.write(`${result.error.split('\n').map((l) => `       ${l}`).join('\n')}\n`);
    }
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, 'web-exthost.log'), logLines.join('\n'));
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(extension, { recursive: true, force: true });
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
  // `--only web` runs both web parts (the in-host suite and the installed .vsix).
  for (const [name, group, run] of [
    ['in-host', 'in-host', () => runInHostSuite(results)],
    ['web', 'web', () => runWebSuite(results)],
    ['web-ui', 'web', () => runWebUiTest({ results, artifacts: ARTIFACTS, step, makeWorkspace })],
    ['ui', 'ui', () => runUiTests({ results, artifacts: ARTIFACTS, step, makeWorkspace })],
  ]) {
    if (only && only !== name && only !== group) continue;
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
