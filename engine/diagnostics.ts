// Diagnostics in editor words: offsets into the file's text, plain data. The language
// server turns them into LSP diagnostics, the CLI into text, JSON, SARIF or GitHub
// annotations (via engine/text/line-index for positions).

import type { Span, SyntaxError } from '../grammar/syntax-tree';
import { compareCodeUnits } from './text/code-unit-order';

export type DiagnosticCode =
  | 'syntax'
  | 'unknown-list'
  | 'duplicate-list'
  | 'bad-regex'
  | 'unreachable-rule'
  | 'unsatisfiable-rule'
  | 'overlapping-rule'
  | 'redundant-condition'
  | 'unreachable-otherwise'
  | 'duplicate-value'
  | 'suspicious-regex'
  | 'analysis-incomplete'
  | 'failed-expectation'
  | 'unknown-field'
  | 'placeholder-value'
  // Checker errors the SPEC implies but does not name in §2.4 (documented in docs/diagnostics.md).
  | 'invalid-channel-name'
  | 'conflicting-case'
  | 'duplicate-otherwise'
  | 'duplicate-field'
  // SPEC §9 / the trust issue: a click-identifier rule that overrides the sample's UTM tagging.
  | 'click-id-medium';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  /** Undefined means the same file as the diagnostic. */
  file?: string;
  span: Span;
  message: string;
}

/** A concrete event that proves a claim, as SPEC §7.3 `example`. */
export interface ExampleEvent {
  /** Every field the rules test that is not missing; null for JSON null. */
  event: Record<string, string | null>;
  /** The channel the engine gives the event (null when unclassified). */
  channel: string | null;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInformation[];
  example?: ExampleEvent;
  /** Fades the range in editors (unreachable rules, redundant conditions). */
  unnecessary?: boolean;
  /** Machine-readable details for quick fixes (rule indexes, replacement text, …). */
  data?: Record<string, unknown>;
}

export const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = {
  syntax: 'error',
  'unknown-list': 'error',
  'duplicate-list': 'error',
  'bad-regex': 'error',
  'unreachable-rule': 'warning',
  'unsatisfiable-rule': 'warning',
  'overlapping-rule': 'information',
  'redundant-condition': 'hint',
  'unreachable-otherwise': 'warning',
  'duplicate-value': 'warning',
  'suspicious-regex': 'warning',
  'analysis-incomplete': 'information',
  'failed-expectation': 'error',
  'unknown-field': 'hint',
  'placeholder-value': 'hint',
  'invalid-channel-name': 'error',
  'conflicting-case': 'error',
  'duplicate-otherwise': 'error',
  'duplicate-field': 'error',
  'click-id-medium': 'information',
};

/** Position, then code by its code units (not the locale's collation: `check`'s output is the same on every machine). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || compareCodeUnits(a.code, b.code);
}

/** The parser's syntax errors as diagnostics. */
export function syntaxDiagnostics(errors: readonly SyntaxError[]): Diagnostic[] {
  return errors.map((error) => ({ code: 'syntax', severity: 'error', message: error.message, span: error.span }));
}
