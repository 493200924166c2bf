// Code actions: the engine's quick fixes for the diagnostics in the request, and
// its rewrites at the cursor, as workspace edits on the document.

import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { quickFixes, refactorsAt, SyntaxChecks, type CodeActionEdit, type DiagnosticRef } from '../../engine/language/code-actions';
import type { RulesDocument } from '../../engine/language/document';
import type { ServerContext } from '../context';
import { DIAGNOSTIC_SOURCE, toSpan, type DiagnosticData } from '../convert';
import { safe } from '../safe-handler';

const KIND: Record<CodeActionEdit['kind'], string> = {
  quickfix: CodeActionKind.QuickFix,
  'refactor.rewrite': CodeActionKind.RefactorRewrite,
  'refactor.move': 'refactor.move',
};

function toRef(rules: RulesDocument, diagnostic: LspDiagnostic): DiagnosticRef | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') return undefined;
  const data = (diagnostic.data ?? {}) as Partial<DiagnosticData>;
  const ref: DiagnosticRef = { code: diagnostic.code, span: toSpan(rules.lines, diagnostic.range) };
  if (data.example !== undefined) ref.example = data.example;
  if (data.details !== undefined) ref.data = data.details;
  if (diagnostic.relatedInformation !== undefined) ref.related = diagnostic.relatedInformation.map((related) => toSpan(rules.lines, related.location.range));
  return ref;
}

export function registerCodeActions(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.onCodeAction(
    safe(logger, 'codeAction', (params): CodeAction[] | null => {
      const uri = params.textDocument.uri;
      const open = store.get(uri);
      if (open === undefined) return null;
      const { rules } = open;
      const only = params.context.only;
      const wanted = (kind: string) => only === undefined || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
      const actions: CodeAction[] = [];
      const toAction = (action: CodeActionEdit, diagnostic?: LspDiagnostic): CodeAction => ({
        title: action.title,
        kind: KIND[action.kind],
        ...(diagnostic === undefined ? {} : { diagnostics: [diagnostic] }),
        ...(action.preferred ? { isPreferred: true } : {}),
        edit: { changes: { [uri]: action.edits.map((edit) => ({ range: rules.lines.range(edit.span), newText: edit.newText })) } },
      });
      // In a file with syntax errors each action's result is parsed: only the actions offered, each result once.
      const checks = new SyntaxChecks(rules);
      for (const diagnostic of params.context.diagnostics) {
        const ref = toRef(rules, diagnostic);
        if (ref === undefined) continue;
        for (const fix of quickFixes(rules, ref, { offered: (fix) => wanted(KIND[fix.kind]), checks })) actions.push(toAction(fix, diagnostic));
      }
      const span = { start: rules.lines.offset(params.range.start), end: rules.lines.offset(params.range.end) };
      const offeredRewrite = (rewrite: CodeActionEdit) => wanted(KIND[rewrite.kind]) && !actions.some((action) => action.title === rewrite.title);
      for (const rewrite of refactorsAt(rules, span, { offered: offeredRewrite, checks })) if (offeredRewrite(rewrite)) actions.push(toAction(rewrite));
      return actions;
    }),
  );
}
