// The diagnostics an editor shows at once on every change (the exact analysis comes
// later, in the background): syntax errors, the checker's diagnostics, failed
// expectations, and, when sample events are loaded, an `unknown-field` hint on each
// field no sample event has.

import type { Span } from '../../grammar/syntax-tree';
import { compareCodeUnits } from '../text/code-unit-order';
import type { Diagnostic } from '../diagnostics';
import { compareDiagnostics } from '../diagnostics';
import { evaluateExpectations } from '../check/expectations';
import type { RulesDocument } from './document';
import { classifierOf, syntaxAndCheckDiagnostics } from './document';
import type { SampleProfile } from './sample-profile';
import { walk } from './syntax-walk';
import { writeField } from './field-name-text';
import { appendAll } from '../collections/append-all';

/** `fileName` names the file in `file:line` references of failed expectations. */
export function fastDiagnostics(document: RulesDocument, profile?: SampleProfile, fileName = 'this file'): Diagnostic[] {
  const check = fastCheck(document, fileName);
  return withSampleHints(check, profile);
}

/**
 * What the editor needs of a change before the analysis: the diagnostics, the fields
 * the conditions test (for `unknown-field`, which depends on the sample) and a key
 * of what the analysis depends on besides the rules (lists, case mode). Plain data,
 * so it can be computed in a worker.
 */
export interface FastCheck {
  diagnostics: Diagnostic[];
  /**
   * Each field a condition tests, with where: `spans` holds start, end, start, end…
   * (one typed array per name, so a file with 100,000 conditions crosses from the
   * check worker to the server's thread in a copy, not 100,000 objects).
   */
  fields: FieldUses[];
  /** Equal for two versions exactly when their lists and case mode are the same. */
  contextKey: string;
  /** The checked rules' spans, in order: start, end, start, end… */
  ruleSpans: Int32Array;
}

export function fastCheck(document: RulesDocument, fileName = 'this file'): FastCheck {
  const diagnostics = syntaxAndCheckDiagnostics(document);
  if (document.checked.expectations.length > 0) {
    appendAll(diagnostics, evaluateExpectations(document.checked, classifierOf(document), fileName));
  }
  const spans = new Map<string, number[]>();
  walk(document.parsed.tree, (node) => {
    if (node.kind !== 'condition' || node.field.name === '') return;
    let list = spans.get(node.field.name);
    if (list === undefined) spans.set(node.field.name, (list = []));
    list.push(node.field.span.start, node.field.span.end);
  });
  const fields = [...spans].map(([name, list]) => ({ name, spans: Int32Array.from(list) }));
  const ruleSpans = Int32Array.from(document.checked.rules.flatMap((rule) => [rule.span.start, rule.span.end]));
  return { diagnostics: diagnostics.sort(compareDiagnostics), fields, contextKey: analysisContextKey(document), ruleSpans };
}

/** One field's uses in a file's conditions: name, and the spans of its mentions as start, end, start, end… */
export interface FieldUses {
  name: string;
  spans: Int32Array;
}

function spansOf(uses: FieldUses): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 1 < uses.spans.length; i += 2) spans.push({ start: uses.spans[i]!, end: uses.spans[i + 1]! });
  return spans;
}

/** The lists and the case mode: the analysis of a rule depends on these and the rules before it. */
export function analysisContextKey(document: RulesDocument): string {
  const lists = [...document.checked.lists.values()].map((list) => [list.name, list.values]).sort((a, b) => compareCodeUnits(String(a[0]), String(b[0])));
  return JSON.stringify([document.checked.caseInsensitive, lists]);
}

/** The fast check's diagnostics with the sample's `unknown-field` hints. */
export function withSampleHints(check: FastCheck, profile: SampleProfile | undefined): Diagnostic[] {
  if (profile === undefined) return check.diagnostics;
  return [...check.diagnostics, ...unknownFieldDiagnostics(check.fields, profile)].sort(compareDiagnostics);
}

/** `unknown-field` (SPEC §2.4): a field a condition tests that no sample event has. */
export function unknownFieldDiagnostics(fields: FastCheck['fields'], profile: SampleProfile): Diagnostic[] {
  if (profile.events === 0) return [];
  // Only names a rule can write are suggested: a sample's "utm`source" has no spelling.
  const known = [...profile.fields.keys()].filter((name) => writeField(name) !== undefined);
  const diagnostics: Diagnostic[] = [];
  const suggestions = new Map<string, string | undefined>();
  for (const field of fields) {
    if (profile.fields.has(field.name)) continue;
    if (!suggestions.has(field.name)) suggestions.set(field.name, closestName(field.name, known));
    const suggestion = suggestions.get(field.name);
    const events = profile.events.toLocaleString('en-US');
    for (const span of spansOf(field)) {
      diagnostics.push({
        code: 'unknown-field',
        severity: 'hint',
        message:
          `No sample event has the field "${field.name}" (${events} events read)` +
          (suggestion === undefined ? '.' : `; did you mean "${suggestion}"?`),
        span,
        ...(suggestion === undefined ? {} : { data: { suggestion } }),
      });
    }
  }
  return diagnostics;
}

/** The known name nearest to `name` (edit distance at most a third of its length, and at most 3), if any. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, giving up (returning `cap`) once it cannot be below `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length]!;
}
