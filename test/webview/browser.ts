// Headless Chromium (Debian's /usr/bin/chromium through playwright-core) for the
// preview UI tests, plus a stand-in for VS Code's webview host: `acquireVsCodeApi`
// records what the UI posts and keeps its state; `send` delivers a message the way
// VS Code does (a `message` event on window).

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { FromWebview, ToWebview, WebviewPersistedState } from '../../engine/preview/protocol';
import { CHROMIUM_ARGS } from '../support/chromium-args.mjs';
import { CHROMIUM } from '../support/chromium';

export const ROOT = path.join(__dirname, '..', '..');
export const RESULTS = path.join(ROOT, 'test-results');

/** `describe` for suites that need Chromium: skipped without it (see test/support/chromium.ts). */
export const describeInChromium = describe.skipIf(CHROMIUM === undefined);

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-chromium-'));
  if (CHROMIUM === undefined) throw new Error('no Chromium (test/support/chromium.ts)');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return path.join(RESULTS, name);
}

export function uiBundle(): { js: string; css: string } {
  return {
    js: readFileSync(path.join(ROOT, 'dist', 'webview.js'), 'utf8'),
    css: readFileSync(path.join(ROOT, 'dist', 'webview.css'), 'utf8'),
  };
}

export type Theme = 'light' | 'dark' | 'high-contrast';

/** The webview page as VS Code would build it, with a stand-in host. */
export async function openWebview(page: Page, options: { state?: WebviewPersistedState; theme?: Theme } = {}): Promise<WebviewHarness> {
  const { js, css } = uiBundle();
  const theme = options.theme ?? 'light';
  const bodyClass = theme === 'dark' ? 'vscode-dark' : theme === 'high-contrast' ? 'vscode-high-contrast' : 'vscode-light';
  await page.emulateMedia({ colorScheme: theme === 'light' ? 'light' : 'dark' });
  await page.setContent(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>${css}</style><style>${themeVariables(theme)}</style></head>
<body class="${bodyClass}"><div id="app" data-host="vscode"></div></body></html>`);
  await page.evaluate((state) => {
    const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__state = state;
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (message: unknown) => w.__posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => w.__state,
        setState: (next: unknown) => {
          w.__state = JSON.parse(JSON.stringify(next));
        },
      };
    };
  }, options.state ?? null);
  await page.addScriptTag({ content: js });
  await page.waitForSelector('body[data-ready="true"]');
  return new WebviewHarness(page);
}

export class WebviewHarness {
  constructor(readonly page: Page) {}

  /** Delivers a message from the "extension"; JSON number arrays named as typed arrays become typed arrays. */
  async send(message: ToWebview | { type: string; [key: string]: unknown }): Promise<void> {
    await this.page.evaluate((data) => {
      const typed = (object: Record<string, unknown>, fields: Record<string, 'i32' | 'f64'>) => {
        for (const [name, kind] of Object.entries(fields)) {
          const value = object[name];
          if (Array.isArray(value)) object[name] = kind === 'i32' ? Int32Array.from(value) : Float64Array.from(value);
        }
      };
      const message = data as { type: string; columns?: Record<string, unknown>; result?: Record<string, unknown> };
      if (message.type === 'sample' && message.columns) typed(message.columns, { lines: 'i32', times: 'f64', userOf: 'i32', typeOf: 'i32' });
      if (message.type === 'result' && message.result) typed(message.result, { ruleOf: 'i32', sessionOf: 'i32' });
      window.dispatchEvent(new MessageEvent('message', { data: message }));
    }, message as unknown as Record<string, unknown>);
  }

  async posted(): Promise<FromWebview[]> {
    return (await this.page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted)) as FromWebview[];
  }

  async state(): Promise<WebviewPersistedState> {
    return (await this.page.evaluate(() => (window as unknown as { __state: unknown }).__state)) as WebviewPersistedState;
  }

  /** The last `rendered` message's tables. */
  async lastRendered(): Promise<Extract<FromWebview, { type: 'rendered' }> | undefined> {
    const posted = await this.posted();
    return posted.filter((message): message is Extract<FromWebview, { type: 'rendered' }> => message.type === 'rendered').at(-1);
  }
}

/** A table as text rows (what a person reads). */
export async function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tr`, (rows) => rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent ?? '')));
}

/** A few VS Code theme colours, as the workbench would set them on the webview. */
function themeVariables(theme: Theme): string {
  const light = {
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
    foreground: '#3b3b3b',
    'editor-background': '#ffffff',
    descriptionForeground: '#717171',
    'panel-border': '#e5e5e5',
    focusBorder: '#005fb8',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'input-background': '#ffffff',
    'input-foreground': '#3b3b3b',
    'input-border': '#cecece',
    'dropdown-background': '#ffffff',
    'dropdown-foreground': '#3b3b3b',
    'list-hoverBackground': '#f2f2f2',
    'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000',
    'textLink-foreground': '#005fb8',
    'textCodeBlock-background': '#f2f2f2',
    'charts-foreground': '#616161',
    'charts-blue': '#1a85ff',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
    'charts-red': '#e51400',
    'charts-yellow': '#bf8803',
    'inputValidation-errorBackground': '#fdecea',
    'inputValidation-errorBorder': '#be1100',
  };
  const dark = {
    ...light,
    foreground: '#cccccc',
    'editor-background': '#1f1f1f',
    descriptionForeground: '#9d9d9d',
    'panel-border': '#2b2b2b',
    'button-background': '#0078d4',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'input-background': '#313131',
    'input-foreground': '#cccccc',
    'input-border': '#3c3c3c',
    'dropdown-background': '#313131',
    'dropdown-foreground': '#cccccc',
    'list-hoverBackground': '#2a2d2e',
    'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff',
    'textLink-foreground': '#4daafc',
    'textCodeBlock-background': '#2b2b2b',
    'charts-foreground': '#cccccc',
    'charts-blue': '#3794ff',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'inputValidation-errorBackground': '#5a1d1d',
  };
  const highContrast = {
    ...dark,
    foreground: '#ffffff',
    'editor-background': '#000000',
    'panel-border': '#6fc3df',
    contrastBorder: '#6fc3df',
    contrastActiveBorder: '#f38518',
    'list-activeSelectionBackground': '#000000',
    'charts-blue': '#3794ff',
  };
  const values = theme === 'light' ? light : theme === 'dark' ? dark : highContrast;
  return `html { ${Object.entries(values)
    .map(([name, value]) => `--vscode-${name}: ${value};`)
    .join(' ')} }`;
}
