// The language server on a 2,000-line rules file, as an editor sees it: completion
// and hover round trips (p50/p95) while the exact analysis runs in the background,
// completion right after a keystroke, and how long the analysis takes (from scratch,
// and after an edit near the end, which reuses the unchanged prefix). The bundled
// server (dist/server.js) is started over stdio and driven by a real LSP client.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { TestClient } from '../../test/server/lsp-client';
import { largeRulesFile } from '../../test/server/large-rules';
import { formatBytes, percentiles, type Figure } from '../measure';
import type { BenchSection } from '../section';

const LINES = 2000;
const SAMPLES = 200;

interface Target {
  line: number;
  character: number;
}

function distribution(label: string, samples: number[], note = ''): Figure {
  const p = percentiles(samples, [50, 95, 99]);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return {
    label,
    detail: `p50 ${ms(p.get(50)!)}, p95 ${ms(p.get(95)!)}, p99 ${ms(p.get(99)!)}, max ${ms(Math.max(...samples))} (n=${samples.length})${note}`,
  };
}

export const serverSection: BenchSection = {
  name: 'server',
  title: `language server on a ${LINES.toLocaleString('en-US')}-line rules file: completion and hover while the analysis runs`,
  async run(context) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-'));
    const file = path.join(folder, 'large.channels');
    const text = largeRulesFile(LINES);
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const lines = text.split('\n');
    // Completion after a field (operators) or in a string (sample values); hover on rules, fields, lists.
    const completions: Target[] = [];
    const hovers: Target[] = [];
    lines.forEach((line, i) => {
      const field = /^ {2}when (?:not \()?(\w+) /.exec(line);
      if (field !== null) {
        completions.push({ line: i, character: line.indexOf(field[1]!) + field[1]!.length + 1 });
        hovers.push({ line: i, character: 3 }, { line: i, character: line.indexOf(field[1]!) + 1 });
      }
      const value = line.indexOf('= "');
      if (value > 0) completions.push({ line: i, character: value + 3 });
    });
    const sample = path.join(context.root, 'examples', 'ga4-sample.ndjson');
    const client = await TestClient.start({
      server: path.join(context.root, 'dist', 'server.js'),
      settings: { sampleEvents: sample, analysis: { timeBudgetMs: 600_000 } },
      workspaceFolders: [pathToFileURL(folder).href],
      initializationOptions: { analysisDebounceMs: 0 },
    });
    const figures: Figure[] = [];
    try {
      let started = performance.now();
      await client.open(uri, text);
      await client.diagnosticsFor(uri, 1);
      figures.push({ label: 'open → first diagnostics', seconds: (performance.now() - started) / 1000, detail: `${lines.length} lines` });
      const first = await client.analysed(uri, 1);
      figures.push({ label: 'analysis from scratch', seconds: first.timeMs! / 1000, detail: `${first.rules} rules, in the analysis worker` });

      const tail = await client.change(uri, text.replace('otherwise "Unassigned"', 'otherwise "Other"'));
      const reused = await client.analysed(uri, tail);
      figures.push({ label: 'analysis after an edit at the end', seconds: reused.timeMs! / 1000, detail: `${reused.reusedRules} of ${reused.rules} rules reused` });

      // Requests while an analysis runs: an edit at the top restarts it from scratch.
      const completionTimes: number[] = [];
      const hoverTimes: number[] = [];
      let round = 0;
      let analyses = 0;
      while ((completionTimes.length < SAMPLES || hoverTimes.length < SAMPLES) && analyses < 50) {
        const edited = text.replace('campaign_0_0', `campaign_0_0_${round}`);
        const version = await client.change(uri, edited);
        analyses++;
        await client.waitFor(() => client.statuses.find((s) => s.uri === uri && s.version === version && s.state === 'running'), 'the analysis to start');
        const running = () => !client.statuses.some((s) => s.uri === uri && s.version === version && s.state !== 'running');
        while (running() && (completionTimes.length < SAMPLES || hoverTimes.length < SAMPLES)) {
          const completion = completions[round % completions.length]!;
          const hover = hovers[round % hovers.length]!;
          round++;
          let t = performance.now();
          await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: completion });
          const completionMs = performance.now() - t;
          t = performance.now();
          await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hover });
          const hoverMs = performance.now() - t;
          // Only requests answered while the analysis was still running count.
          if (!running()) break;
          completionTimes.push(completionMs);
          hoverTimes.push(hoverMs);
        }
        await client.analysed(uri, version);
      }
      figures.push(distribution('completion while analysing', completionTimes, `, ${analyses} analyses`));
      figures.push(distribution('hover while analysing', hoverTimes));

      // Typing: one character, then completion at once (as an editor asks after each keystroke).
      const typing: number[] = [];
      const at = completions[0]!;
      for (let i = 0; i < 100; i++) {
        const insertAt = { line: at.line, character: at.character - 1 };
        await client.change(uri, [{ range: { start: insertAt, end: insertAt }, text: i % 2 === 0 ? ' ' : '' }]);
        const t = performance.now();
        await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at });
        typing.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      figures.push(distribution('completion right after a keystroke', typing, ', 60 ms between keystrokes'));
      started = performance.now();
    } finally {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
    for (const figure of figures) console.log(`  ${figure.label}: ${figure.detail ?? ''}${figure.seconds === undefined ? '' : ` (${(figure.seconds * 1000).toFixed(0)} ms)`}`);
    return figures;
  },
};

const HUGE_LINES = 70_000;

/** The server process's RSS high-water mark (its worker threads included), from /proc. */
function serverPeakRss(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * A 5 MB rules file (about 50,000 rules) opened beside a small one, as an editor does:
 * the huge file's semantic tokens, folding, outline, code lenses and a hover are asked
 * at once, and hover and completion on the small file are asked one after another
 * until the huge file's diagnostics arrive. The figure is the longest any request
 * waited; the peak memory is the server process's, its worker threads included.
 */
export const hugeDocumentSection: BenchSection = {
  name: 'server-huge',
  title: 'language server with a 5 MB rules file open: the longest any request waited, and the peak memory',
  async run(context) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-rules-bench-'));
    const hugeText = largeRulesFile(HUGE_LINES);
    const hugeUri = pathToFileURL(path.join(folder, 'huge.channels')).href;
    const smallUri = pathToFileURL(path.join(folder, 'small.channels')).href;
    const smallText = 'channel "Paid Search"\n  when utm_medium = "cpc"\n\notherwise "Other"\n';
    const client = await TestClient.start({
      server: path.join(context.root, 'dist', 'server.js'),
      settings: {},
      workspaceFolders: [pathToFileURL(folder).href],
      initializationOptions: { analysisDebounceMs: 0 },
    });
    const figures: Figure[] = [];
    try {
      await client.open(smallUri, smallText);
      await client.diagnosticsFor(smallUri, 1);
      const waits: { what: string; ms: number; at: number }[] = [];
      const timedRequest = async (what: string, send: () => Promise<unknown>) => {
        const t = performance.now();
        await send();
        waits.push({ what, ms: performance.now() - t, at: t - started });
      };
      const started = performance.now();
      await client.open(hugeUri, hugeText);
      const document = { textDocument: { uri: hugeUri } };
      const editorRequests = Promise.all([
        timedRequest('semantic tokens (huge)', () => client.connection.sendRequest('textDocument/semanticTokens/full', document)),
        timedRequest('folding (huge)', () => client.connection.sendRequest('textDocument/foldingRange', document)),
        timedRequest('outline (huge)', () => client.connection.sendRequest('textDocument/documentSymbol', document)),
        timedRequest('code lens (huge)', () => client.connection.sendRequest('textDocument/codeLens', document)),
        timedRequest('hover (huge)', () => client.connection.sendRequest(HoverRequest.type, { ...document, position: { line: 20, character: 4 } })),
      ]);
      let diagnosed = false;
      const diagnostics = client.waitFor(() => client.lastDiagnostics(hugeUri), 'the diagnostics of the huge file', 600_000).then((published) => {
        diagnosed = true;
        return published;
      });
      while (!diagnosed) {
        await timedRequest('hover (small)', () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: smallUri }, position: { line: 1, character: 8 } }));
        await timedRequest('completion (small)', () => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: smallUri }, position: { line: 1, character: 17 } }));
      }
      const published = await diagnostics;
      const diagnosedSeconds = (performance.now() - started) / 1000;
      await editorRequests;
      const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a));
      figures.push({
        label: 'longest wait of any request while the 5 MB file is open',
        seconds: longest.ms / 1000,
        detail: `${longest.what}, sent ${(longest.at / 1000).toFixed(1)} s after the open`,
      });
      const small = waits.filter((wait) => wait.what.endsWith('(small)'));
      figures.push(distribution('hover and completion on the small file meanwhile', small.map((wait) => wait.ms)));
      figures.push({
        label: 'open → diagnostics of the 5 MB file',
        seconds: diagnosedSeconds,
        detail: `${(hugeText.length / 1e6).toFixed(1)} MB, ${HUGE_LINES.toLocaleString('en-US')} lines, ${published.diagnostics.length} diagnostics`,
      });
      const peak = serverPeakRss(client.process.pid!);
      figures.push({ label: 'server peak RSS (worker threads included)', detail: peak === undefined ? 'unknown (no /proc)' : formatBytes(peak) });
    } finally {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
    for (const figure of figures) console.log(`  ${figure.label}: ${figure.detail ?? ''}${figure.seconds === undefined ? '' : ` (${(figure.seconds * 1000).toFixed(0)} ms)`}`);
    return figures;
  },
};
