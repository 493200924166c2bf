// In a file with syntax errors each code action's result is parsed (an edit can change
// how the parser recovers around an error), and a parse is of the whole file: the code
// action handler parsed every action the engine made, then dropped those of kinds the
// editor did not ask for and the rewrites already offered as quick fixes. Now a request
// parses each result it offers once, and nothing else. In process, with the parser
// counted; the handler is the server's own, on a connection that only keeps it.
import { describe, expect, it, vi } from 'vitest';
import type { CodeAction, CodeActionParams, Diagnostic as LspDiagnostic } from 'vscode-languageserver';

vi.mock('../../grammar/parse', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../grammar/parse')>();
  return { ...actual, parseChannels: vi.fn(actual.parseChannels) };
});

import { parseChannels } from '../../grammar/parse';
import { buildRulesDocument } from '../../engine/language/document';
import { fastDiagnostics } from '../../engine/language/fast-diagnostics';
import type { ServerContext } from '../../server/context';
import { toLspDiagnostic } from '../../server/convert';
import { registerCodeActions } from '../../server/features/code-actions';

const URI = 'file:///rules.channels';
// Two placeholder comparisons, and a channel without its name on the last line: a syntax error.
const TEXT = 'channel "D"\n  when utm_source = "(none)" or utm_medium = "(not set)"\nchannel\n';

function codeActionHandler(): { ask: (params: Omit<CodeActionParams, 'textDocument'>) => Promise<CodeAction[]>; diagnostics: LspDiagnostic[] } {
  const rules = buildRulesDocument(TEXT);
  let handler!: (params: CodeActionParams) => Promise<CodeAction[]>;
  const context = {
    connection: { onCodeAction: (registered: typeof handler) => (handler = registered) },
    logger: { error: (message: string) => expect.fail(message), warn: () => undefined, info: () => undefined, log: () => undefined },
    store: { get: (uri: string) => (uri === URI ? { uri, version: 1, rules } : undefined) },
  } as unknown as ServerContext;
  registerCodeActions(context);
  const diagnostics = fastDiagnostics(rules).map((diagnostic) => toLspDiagnostic(diagnostic, rules.lines, URI, 1));
  return { ask: (params) => handler({ textDocument: { uri: URI }, ...params }), diagnostics };
}

describe('code actions in a file with syntax errors', () => {
  it('parse each result offered once, and no action the request does not offer', async () => {
    const { ask, diagnostics } = codeActionHandler();
    const placeholders = diagnostics.filter((diagnostic) => diagnostic.code === 'placeholder-value');
    expect(placeholders).toHaveLength(2);
    expect(diagnostics.some((diagnostic) => diagnostic.code === 'syntax')).toBe(true);
    const parses = vi.mocked(parseChannels);

    // At the first placeholder: its quick fix, and `ignoring case`; the same replacement as a rewrite is not offered twice.
    parses.mockClear();
    const atFirst = await ask({ range: placeholders[0]!.range, context: { diagnostics: placeholders } });
    expect(atFirst.map((action) => [action.title, action.kind])).toEqual([
      ['Replace with `utm_source is not set`', 'quickfix'],
      ['Replace with `utm_medium is not set`', 'quickfix'],
      ['Add `ignoring case`', 'refactor.rewrite'],
    ]);
    expect(parses).toHaveBeenCalledTimes(3);

    // Rewrites only: the quick fixes are not made into results, nor parsed.
    parses.mockClear();
    const rewrites = await ask({ range: placeholders[0]!.range, context: { diagnostics: placeholders, only: ['refactor'] } });
    expect(rewrites.map((action) => action.title)).toEqual(['Add `ignoring case`', 'Replace with `utm_source is not set`']);
    expect(parses).toHaveBeenCalledTimes(2);

    // One diagnostic given twice: its fix made twice, its result parsed once.
    parses.mockClear();
    const twice = await ask({ range: placeholders[1]!.range, context: { diagnostics: [placeholders[1]!, placeholders[1]!], only: ['quickfix'] } });
    expect(twice.map((action) => action.title)).toEqual(['Replace with `utm_medium is not set`', 'Replace with `utm_medium is not set`']);
    expect(parses).toHaveBeenCalledTimes(1);
  });
});
