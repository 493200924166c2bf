// Completion: engine entries (offsets, kinds, snippets) → LSP completion items.

import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { completeAt, type CompletionKind } from '../../engine/language/completion';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  operator: CompletionItemKind.Operator,
  field: CompletionItemKind.Field,
  list: CompletionItemKind.Variable,
  channel: CompletionItemKind.Class,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

/** `${1:name}` → `name`, `$1` → `` (for clients without snippet support). */
export function snippetToText(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\d+/g, '');
}

/** Characters after which completion opens by itself (words open it anyway). */
export const COMPLETION_TRIGGER_CHARACTERS = ['"', '.', '[', '{', ':', ','];

export function registerCompletion(context: ServerContext, options: { retriggerCommand?: string }): void {
  const { connection, logger, store, capabilities } = context;
  const snippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  connection.onCompletion(
    safe(logger, 'completion', async (params): Promise<CompletionList | null> => {
      const current = store.current(params.textDocument.uri);
      if (current === undefined) return null;
      const offset = current.lines.offset(params.position);
      // The sample as last read: completion never waits for a read of the file.
      const sample = await context.readySampleFor(params.textDocument.uri).catch(() => undefined);
      const entries = completeAt({ text: current.text, offset, tree: current.tree, ...(sample === undefined ? {} : { profile: sample.profile }) });
      const items: CompletionItem[] = entries.map((entry) => {
        const useSnippet = entry.snippet === true && snippets;
        const item: CompletionItem = {
          label: entry.label,
          kind: KIND[entry.kind],
          textEdit: { range: current.lines.range(entry.replace), newText: useSnippet ? entry.insertText : snippetToText(entry.insertText) },
          insertTextFormat: useSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        };
        if (entry.detail !== undefined) item.detail = entry.detail;
        if (entry.documentation !== undefined) item.documentation = { kind: 'markdown', value: entry.documentation };
        if (entry.sortText !== undefined) item.sortText = entry.sortText;
        if (entry.filterText !== undefined) item.filterText = entry.filterText;
        if (entry.retrigger && options.retriggerCommand !== undefined) item.command = { title: 'Suggest', command: options.retriggerCommand };
        return item;
      });
      return { isIncomplete: false, items };
    }),
  );
}
