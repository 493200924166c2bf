// Fuzzing the bundled language server over stdio with random message sequences: open,
// change and close documents with near-rules text, ask for hover, completion,
// formatting, symbols, code actions (valid and nonsense positions and params), send
// unknown methods. Afterwards it must still answer `shutdown` and end with 0 on `exit`,
// with no stack trace on stderr.

import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_TEST_TIMEOUT_MS, fuzzRuns, mutated, nearRulesText, RUN_BUDGET_MS } from './fuzz-budget';

const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');
const URIS = ['file:///fuzz/a.channels', 'file:///fuzz/b.channels', 'untitled:c'];

const position = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 80 }) });
const uri = fc.constantFrom(...URIS);
const text = fc.oneof(nearRulesText, mutated(fc.constant('channel "Email"\n  when utm_medium = "email"\notherwise "Other"\n')));

const message = fc.oneof(
  fc.tuple(uri, text).map(([u, t]) => ({ method: 'textDocument/didOpen', params: { textDocument: { uri: u, languageId: 'channels', version: 1, text: t } } })),
  fc.tuple(uri, text, fc.nat(100)).map(([u, t, v]) => ({ method: 'textDocument/didChange', params: { textDocument: { uri: u, version: v + 2 }, contentChanges: [{ text: t }] } })),
  uri.map((u) => ({ method: 'textDocument/didClose', params: { textDocument: { uri: u } } })),
  fc.tuple(fc.constantFrom('textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references'), uri, position).map(([method, u, p]) => ({
    method,
    id: true,
    params: { textDocument: { uri: u }, position: p, context: { includeDeclaration: true } },
  })),
  fc.tuple(fc.constantFrom('textDocument/formatting', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens'), uri).map(([method, u]) => ({
    method,
    id: true,
    params: { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } },
  })),
  fc.tuple(uri, position, position).map(([u, start, end]) => ({ method: 'textDocument/codeAction', id: true, params: { textDocument: { uri: u }, range: { start, end }, context: { diagnostics: [] } } })),
  fc.constantFrom({ method: 'nonsense/method', id: true, params: {} }, { method: 'textDocument/hover', id: true, params: null }, { method: '$/cancelRequest', params: { id: 1 } }),
);

const SESSIONS = fuzzRuns(6);

/** One server's session; `hung`: it had not exited RUN_BUDGET_MS after the last message, and was killed. */
function runSession(messages: Array<{ method: string; id?: boolean; params?: unknown }>): Promise<{ code: number | null; stderr: string; answeredShutdown: boolean; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let hung = false;
    const budget = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, RUN_BUDGET_MS);
    let stderr = '';
    let stdout = '';
    let nextId = 1;
    const shutdownId = 100_000;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes(`"id":${shutdownId},`) || stdout.includes(`"id":${shutdownId}}`)) send({ method: 'exit' });
    });
    const send = (m: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    send({ id: nextId++, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    send({ method: 'initialized', params: {} });
    for (const { id, ...m } of messages) send(id === true ? { ...m, id: nextId++ } : m);
    send({ id: shutdownId, method: 'shutdown' });
    child.on('exit', (code) => {
      clearTimeout(budget);
      resolve({ code, stderr, answeredShutdown: stdout.includes(`"id":${shutdownId}`), hung });
    });
  });
}

describe('fuzz: language server over stdio', () => {
  it('answers shutdown and exits 0 after any message sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 25 }), async (messages) => {
        const result = await runSession(messages);
        expect(result.hung).toBe(false);
        expect(result.answeredShutdown).toBe(true);
        expect(result.code).toBe(0);
        expect(result.stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
      }),
      { numRuns: SESSIONS },
    );
  }, FUZZ_TEST_TIMEOUT_MS);
});
