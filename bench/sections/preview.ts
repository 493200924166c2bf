// The live preview's keystroke-to-tables time on 100,000 sample events (target: ≤ 250 ms).
//
// A keystroke reaches the tables in three steps, measured separately and added up:
//   1. the debounce (client/preview/preview-panel.ts DEBOUNCE_MS);
//   2. the worker run, as the extension sees it: the message to dist/preview-worker.js,
//      parse + check + compile the edited rules, classify every event, sessions,
//      channels and attribution (every model), and the result back;
//   3. the webview render in headless Chromium (the real dist/webview.js with a
//      stand-in host): tables, charts and the explorer's visible rows, until the next
//      frame is painted.
// Each edit changes the rules (a rule's value is altered and then restored), so every
// run really classifies again.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureBenchEvents } from '../bench-data';
import { percentiles, timed, type Figure } from '../measure';
import type { BenchSection } from '../section';
import { PreviewRunner } from '../../engine/preview/preview-runner';
import { DEFAULT_PREVIEW_OPTIONS, type RunResult, type SampleColumns } from '../../engine/preview/protocol';

const SAMPLE_EVENTS = 100_000;
const KEYSTROKES = 30;
const WARMUP = 3;
/** Kept equal to client/preview/preview-panel.ts DEBOUNCE_MS (not imported: that module needs `vscode`). */
const DEBOUNCE_MS = 40;
const TARGET_MS = 250;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const previewSection: BenchSection = {
  name: 'preview',
  title: `live preview: keystroke → updated tables on ${SAMPLE_EVENTS.toLocaleString('en-US')} events (worker run + webview render)`,
  async run(context) {
    const data = ensureBenchEvents(context.root, SAMPLE_EVENTS, 42);
    const rulesText = readFileSync(context.rulesFile, 'utf8');
    const rulesName = path.relative(context.root, context.rulesFile);
    const runner = new PreviewRunner({ workerPath: path.join(__dirname, 'preview-worker.js'), stallBudgetMs: 10_000 });
    const figures: Figure[] = [];
    try {
      const load = await timed(() => runner.loadSample(1, { kind: 'path', path: data.file }, path.basename(data.file)));
      const columns = load.value;
      figures.push({ label: 'sample read (once per sample)', seconds: load.seconds, events: columns.count, detail: `${columns.skippedCount} skipped` });

      const options = { ...DEFAULT_PREVIEW_OPTIONS, conversion: 'purchase' };
      // Worst case: an edit in the first rule, so every event is classified again. Then an
      // edit in the last rule: events an earlier rule gives a channel keep it (preview-run).
      for (const where of ['first', 'last'] as const) {
        const edits = editsOf(rulesText, where, KEYSTROKES + WARMUP);
        const workerMs: number[] = [];
        const results: RunResult[] = [];
        for (let k = 0; k < edits.length; k++) {
          const started = performance.now();
          const outcome = await runner.run(edits[k]!, rulesName, options);
          const elapsed = performance.now() - started;
          if (outcome.kind !== 'result') throw new Error(`run ${k}: ${outcome.kind}${'message' in outcome ? `: ${outcome.message}` : ''}`);
          if (k >= WARMUP) {
            workerMs.push(elapsed);
            results.push(outcome.result);
          }
        }
        const inner = results.map((result) => result.timings);
        const reclassified = Math.round(inner.reduce((sum, timing) => sum + (timing.reclassified ?? SAMPLE_EVENTS), 0) / inner.length);
        const label = where === 'first' ? 'edit in the first rule' : 'edit in the last rule';
        figures.push(msFigure(`${label}: worker run (round trip)`, workerMs, SAMPLE_EVENTS));
        figures.push(
          msFigure(
            `  classify (${reclassified.toLocaleString('en-US')} events again)`,
            inner.map((timing) => timing.classifyMs),
          ),
        );
        figures.push(msFigure('  report (sessions, channels, 8 models)', inner.map((timing) => timing.reportMs), SAMPLE_EVENTS));

        const renderMs = await renderTimes(columns, results);
        if (typeof renderMs === 'string') {
          figures.push({ label: '  webview render', detail: renderMs });
          figures.push({ label: `${label}: keystroke → tables`, detail: `debounce ${DEBOUNCE_MS} ms + worker p50 ${fmt(median(workerMs))} (render not measured)` });
        } else {
          figures.push(msFigure('  webview render (to painted frame)', renderMs));
          const p = (samples: number[], q: number) => percentiles(samples, [q]).get(q)!;
          const total50 = DEBOUNCE_MS + p(workerMs, 50) + p(renderMs, 50);
          const total90 = DEBOUNCE_MS + p(workerMs, 90) + p(renderMs, 90);
          figures.push({
            label: `${label}: keystroke → updated tables`,
            seconds: total50 / 1000,
            detail: `p50 ${fmt(total50)}, p90 ${fmt(total90)} (debounce ${DEBOUNCE_MS} ms + worker + render); target ≤ ${TARGET_MS} ms: ${total50 <= TARGET_MS ? 'met' : 'NOT met'} at p50, ${total90 <= TARGET_MS ? 'met' : 'NOT met'} at p90`,
          });
        }
      }
    } finally {
      runner.dispose();
    }
    for (const figure of figures) console.log(`  ${figure.label}: ${figure.seconds !== undefined ? fmt(figure.seconds * 1000) : ''} ${figure.detail ?? ''}`);
    return figures;
  },
};

/**
 * Rules texts, each one keystroke away from the previous: the first (or last) string
 * literal in a `when` gains a character and loses it again.
 */
function editsOf(text: string, where: 'first' | 'last', count: number): string[] {
  const literals = [...text.matchAll(/^\s*when[^\n]*?"([^"\\\n]*)"/gm)];
  const match = where === 'first' ? literals[0] : literals.at(-1);
  if (match === undefined) return Array.from({ length: count }, (_, k) => `${text}\n# edit ${k}\n`);
  const at = match.index + match[0].length - 1; // the closing quote
  return Array.from({ length: count }, (_, k) => (k % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : text));
}

async function renderTimes(columns: SampleColumns, results: RunResult[]): Promise<number[] | string> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    // Not bundled into dist/bench.js: loaded from node_modules at run time.
    chromium = (createRequire(__filename)('playwright-core') as typeof import('playwright-core')).chromium;
  } catch {
    return 'playwright-core is not installed';
  }
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    return `Chromium not available at ${CHROMIUM} (${(error as Error).message.split('\n')[0]})`;
  }
  try {
    const page = await context.newPage();
    const js = readFileSync(path.join(__dirname, 'webview.js'), 'utf8');
    const css = readFileSync(path.join(__dirname, 'webview.css'), 'utf8');
    await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body class="vscode-dark"><div id="app" data-host="vscode"></div></body></html>`);
    await page.evaluate(() => {
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => null, setState: () => undefined });
    });
    await page.addScriptTag({ content: js });
    await page.evaluate(installReceiver);
    await page.evaluate((sample) => (window as unknown as BenchWindow).__deliver({ type: 'sample', columns: sample }), plain(columns));
    const times: number[] = [];
    for (const result of results) {
      // Handing the message to the page is not timed (VS Code transfers typed arrays); the render is.
      await page.evaluate((message) => (window as unknown as BenchWindow).__stage(message), { type: 'result', result: plain(result) });
      times.push(await page.evaluate(() => (window as unknown as BenchWindow).__renderStaged()));
    }
    return times;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

interface BenchWindow {
  __staged: unknown;
  __deliver(message: unknown): void;
  __stage(message: unknown): void;
  __renderStaged(): Promise<number>;
}

/** In the page: rebuild typed arrays, deliver like VS Code does, time until the next frame. */
function installReceiver(): void {
  const w = window as unknown as BenchWindow;
  const typed = (message: Record<string, unknown>) => {
    const fix = (object: Record<string, unknown> | undefined, fields: Record<string, 'i' | 'f'>) => {
      if (object === undefined) return;
      for (const [name, kind] of Object.entries(fields)) {
        const value = object[name];
        if (Array.isArray(value)) object[name] = kind === 'i' ? Int32Array.from(value) : Float64Array.from(value);
      }
    };
    fix(message.columns as Record<string, unknown> | undefined, { lines: 'i', times: 'f', userOf: 'i', typeOf: 'i' });
    fix(message.result as Record<string, unknown> | undefined, { ruleOf: 'i', sessionOf: 'i' });
    return message;
  };
  w.__deliver = (message) => window.dispatchEvent(new MessageEvent('message', { data: typed(message as Record<string, unknown>) }));
  w.__stage = (message) => {
    w.__staged = typed(message as Record<string, unknown>);
  };
  w.__renderStaged = () =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: w.__staged }));
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
    });
}

/** Typed arrays as plain arrays, for page.evaluate (which cannot pass typed arrays). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (ArrayBuffer.isView(item) ? Array.from(item as Int32Array) : item))) as T;
}

function median(samples: number[]): number {
  return percentiles(samples, [50]).get(50)!;
}

function fmt(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

function msFigure(label: string, samples: number[], events?: number): Figure {
  const p = percentiles(samples, [50, 90, 99]);
  return { label, seconds: p.get(50)! / 1000, events, detail: `p50 ${fmt(p.get(50)!)}, p90 ${fmt(p.get(90)!)}, max ${fmt(Math.max(...samples))} over ${samples.length} edits` };
}
