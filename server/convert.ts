// Engine values (offsets, plain diagnostics) → LSP values (ranges, LSP diagnostics).
// The only place that knows both.

import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { diagnosticsDocUrl } from './diagnostics-doc-url';
import type { Span } from '../grammar/syntax-tree';
import type { Diagnostic, Severity } from '../engine/diagnostics';
import type { LineIndex } from '../engine/text/line-index';

export const DIAGNOSTIC_SOURCE = 'channel-rules';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for quick fixes (round-tripped through the client). */
export interface DiagnosticData {
  code: string;
  /** Document version the diagnostic was computed for. */
  version: number;
  span: Span;
  example?: Diagnostic['example'];
  details?: Record<string, unknown>;
}

export function toLspDiagnostic(diagnostic: Diagnostic, lines: LineIndex, uri: string, version: number): LspDiagnostic {
  const data: DiagnosticData = { code: diagnostic.code, version, span: diagnostic.span };
  if (diagnostic.example !== undefined) data.example = diagnostic.example;
  if (diagnostic.data !== undefined) data.details = diagnostic.data;
  const result: LspDiagnostic = {
    range: lines.range(diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: diagnosticsDocUrl(diagnostic.code) },
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    data,
  };
  if (diagnostic.unnecessary) result.tags = [DiagnosticTag.Unnecessary];
  if (diagnostic.related !== undefined && diagnostic.related.length > 0) {
    result.relatedInformation = diagnostic.related
      .filter((related) => related.file === undefined)
      .map((related) => ({ location: { uri, range: lines.range(related.span) }, message: related.message }));
  }
  return result;
}

export function toRange(lines: LineIndex, span: Span): Range {
  return lines.range(span);
}

export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

export function toTextEdit(lines: LineIndex, edit: { span: Span; newText: string }): LspTextEdit {
  return { range: lines.range(edit.span), newText: edit.newText };
}
