// The extension as a person uses it: the packaged .vsix installed into code-server,
// Playwright on the workbench. Screenshots go to test-results/e2e/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startCodeServer, launchBrowser } from './code-server.mjs';

const STEP_TIMEOUT_MS = 30_000;

function packageVsix(artifacts) {
  const vsix = path.join(artifacts, 'channel-rules.vsix');
  fs.rmSync(vsix, { force: true });
  execFileSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(vsix)) throw new Error(`npm run package wrote no ${vsix}`);
  return vsix;
}

export async function runUiTests({ results, artifacts, step, makeWorkspace }) {
  step('ui: packaging the .vsix');
  const vsix = packageVsix(artifacts);
  step(`ui: ${path.basename(vsix)} is ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB`);
  const workspace = makeWorkspace();
  const server = await startCodeServer({ workspace, vsix: [vsix] });
  const browser = await launchBrowser();
  const { page } = browser;
  const check = async (title, body) => {
    const started = Date.now();
    try {
      await body();
      results.push({ suite: 'ui', title, state: 'passed', durationMs: Date.now() - started });
      step(`ok   ${title} (${Date.now() - started} ms)`);
    } catch (error) {
      const shot = path.join(artifacts, `ui-failure-${results.length}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      const screen = await page
        .locator('.monaco-workbench')
        .innerText({ timeout: 2000 })
        .catch(() => '(no workbench)');
      results.push({ suite: 'ui', title, state: 'failed', error: `${error.message}\non screen:\n${screen.slice(0, 1500)}\nscreenshot: ${shot}` });
      step(`FAIL ${title}: ${error.message.split('\n')[0]} (screenshot ${path.relative(ROOT, shot)})`);
      throw error;
    }
  };
  try {
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await check('workbench loads with the examples folder', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'examples' }).first().waitFor({ timeout: 60_000 });
    });
    await check('open a rules file from the Explorer and see its diagnostics', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'shadowed.channels' }).first().dblclick();
      await page.locator('.monaco-editor .view-lines', { hasText: 'channel' }).first().waitFor();
      await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'unreachable' }).first().waitFor();
      await page.screenshot({ path: path.join(artifacts, 'editor-diagnostics.png') });
    });
    await check('Ctrl+Space offers list names after `in`', async () => {
      const editor = page.locator('.monaco-editor .view-lines').first();
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nchannel "Typed"\n  when utm_source in ');
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-widget .monaco-list-row', { hasText: 'search_sites' }).first().waitFor();
      await page.keyboard.press('Escape');
    });
    await check('Open Preview from the command palette shows the report', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'examples' }).first().click();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'amplitude-example.channels' }).first().dblclick();
      await page.locator('.monaco-editor .view-lines', { hasText: 'organic social' }).first().waitFor();
      await page.keyboard.press('F1');
      await page.keyboard.type('Channel Rules: Open Preview');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Channel Rules: Open Preview' }).first().waitFor();
      await page.keyboard.press('Enter');
      const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      const caption = view.locator('caption', { hasText: 'Sessions per channel' }).first();
      await caption.waitFor({ timeout: 60_000 });
      const text = (await caption.innerText()).trim();
      if (!text.includes('(5 sessions)')) throw new Error(`expected 5 sessions in the preview, read "${text}"`);
      await caption.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(artifacts, 'preview.png') });
    });
  } catch {
    // already recorded; the remaining steps depend on the failed one
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
