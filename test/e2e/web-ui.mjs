// The packaged .vsix in the browser, as a person sees it: code-server installs it, and
// with `remote.extensionKind` set to ["web"] for it the workbench runs it in its web
// worker extension host, as vscode.dev and github.dev do (they have no Node host at
// all). Playwright opens a rules file (diagnostics from the server in its web
// worker), sees the code lenses count the sample beside it (read through the client),
// and finds "Channel Rules … web worker" in Developer: Show Running Extensions.
// Screenshot: test-results/e2e/web-worker.png (docs/images/ with
// CHANNEL_RULES_UPDATE_SCREENSHOTS=1; the README's "In the browser" shows it).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startCodeServer, launchBrowser } from './code-server.mjs';
import { packageVsix } from './ui.mjs';

const STEP_TIMEOUT_MS = 30_000;
const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');
const UPDATE_SCREENSHOTS = process.env.CHANNEL_RULES_UPDATE_SCREENSHOTS === '1';
const EXTENSION_ID = 'channel-rules.channel-rules';

export async function runWebUiTest({ results, artifacts, step, makeWorkspace }) {
  step('web ui: packaging the .vsix');
  const vsix = packageVsix(artifacts);
  const workspace = makeWorkspace();
  const server = await startCodeServer({ workspace, vsix: [vsix], settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } });
  const browser = await launchBrowser();
  const { page } = browser;
  const title = 'the installed .vsix runs in the web worker extension host: diagnostics, code lens counts, Running Extensions says "web worker"';
  const started = Date.now();
  try {
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'examples' }).first().click({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'amplitude-example.channels' }).first().dblclick();
    await page.locator('.monaco-editor .view-lines', { hasText: 'organic social' }).first().waitFor();
    // The sample beside the rules, read by the server through the client: counts in the lenses.
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'sample event' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'shadowed.channels' }).first().dblclick();
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await page.keyboard.press('F1');
    await page.keyboard.type('Developer: Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Show Running Extensions' }).first().waitFor();
    await page.keyboard.press('Enter');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Channel Rules' }).first();
    await row.waitFor();
    const text = await row.innerText();
    if (!/web worker/i.test(text)) throw new Error(`Running Extensions shows Channel Rules as "${text.replace(/\s+/g, ' ')}", not in the web worker host`);
    const file = path.join(artifacts, 'web-worker.png');
    await page.screenshot({ path: file });
    if (UPDATE_SCREENSHOTS) {
      fs.mkdirSync(DOCS_IMAGES, { recursive: true });
      fs.copyFileSync(file, path.join(DOCS_IMAGES, 'web-worker.png'));
      step('web ui: wrote docs/images/web-worker.png');
    }
    results.push({ suite: 'web-ui', title, state: 'passed', durationMs: Date.now() - started });
    step(`ok   ${title} (${Date.now() - started} ms)`);
  } catch (error) {
    const shot = path.join(artifacts, 'web-ui-failure.png');
    await page.screenshot({ path: shot }).catch(() => {});
    const screen = await page.locator('.monaco-workbench').innerText({ timeout: 2000 }).catch(() => '(no workbench)');
    results.push({ suite: 'web-ui', title, state: 'failed', error: `${error.message}\non screen:\n${screen.slice(0, 1500)}\nscreenshot: ${shot}` });
    step(`FAIL ${title}: ${error.message.split('\n')[0]} (screenshot ${path.relative(ROOT, shot)})`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
