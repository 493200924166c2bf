// `suspicious-regex` (SPEC §2.4): regexes that are valid but probably not what the
// author meant.
//
// - An unescaped `.` between a name and a domain label (`/google.com/`, `/m.facebook/`):
//   it matches any character, so the pattern also matches "googlexcom". Found on the
//   regexpp AST, so escaped dots and dots in classes are never reported.
// - Super-linear backtracking, found by scslre: nested or adjacent quantifiers that can
//   trade characters (`(a+)+`, `\d*\d*`), which a backtracking engine needs polynomial
//   or exponential time to reject. Channel Rules (engine/semantics/linear-regex) and RE2
//   (BigQuery, DuckDB) match in linear time whatever the pattern; the warning is for SQL
//   run on a backtracking engine (Spark SQL's Java regex). scslre is not complete
//   (`(a|aa)*b` is not found); docs/diagnostics.md says so. scslre's "Move" reports (a quantifier at the start of
//   an unanchored pattern, quadratic only because the search restarts at each position)
//   are not reported: nearly every unanchored pattern has one and field values are short.

import type { AST } from '@eslint-community/regexpp';
import { analyse, type Report } from 'scslre';
import type { CheckedRules } from '../check/checked-rules';
import { LinearRegex } from '../semantics/linear-regex';
import { parseRegexFlags, parseRegexPattern } from '../semantics/regex-syntax';
import { DEFAULT_SEVERITY, type Diagnostic } from '../diagnostics';
import type { Expression, RegexLiteral, SourceFile } from '../../grammar/syntax-tree';
import { appendAll } from '../collections/append-all';

export function suspiciousRegexDiagnostics(tree: SourceFile, checked: CheckedRules): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const badSpans = checked.diagnostics.filter((diagnostic) => diagnostic.code === 'bad-regex').map((diagnostic) => diagnostic.span);
  for (const statement of tree.statements) {
    if (statement.kind !== 'channel') continue;
    for (const rule of statement.rules) {
      forEachRegex(rule.condition, tree.caseInsensitive !== undefined, (regex, ignoreCase) => {
        // An unclosed regex is the parser's one error: the rest of its line is no pattern.
        if (regex.unterminated === true) return;
        if (badSpans.some((span) => span.start < regex.span.end && regex.span.start < span.end)) return;
        appendAll(diagnostics, regexDiagnostics(regex, ignoreCase));
      });
    }
  }
  return diagnostics;
}

/**
 * Each regex of an expression with whether it matches ignoring case: its `i` flag, else
 * its modifier, else the file's mode (`matching case` makes it case-sensitive in a
 * `case insensitive` file, and `a*A*` then trades no characters).
 */
function forEachRegex(expression: Expression | undefined, caseInsensitive: boolean, visit: (regex: RegexLiteral, ignoreCase: boolean) => void): void {
  if (expression === undefined) return;
  switch (expression.kind) {
    case 'paren':
      forEachRegex(expression.expression, caseInsensitive, visit);
      return;
    case 'not':
      forEachRegex(expression.operand, caseInsensitive, visit);
      return;
    case 'and':
    case 'or':
      expression.operands.forEach((operand) => forEachRegex(operand, caseInsensitive, visit));
      return;
    case 'condition': {
      if (expression.operand?.kind !== 'regex') return;
      const modifier = expression.caseModifier;
      visit(expression.operand, expression.operand.flags.includes('i') || (modifier === undefined ? caseInsensitive : modifier.mode === 'ignoring'));
    }
  }
}

/** Diagnostics for one regex literal; offsets in the pattern map to the text after the opening slash. */
export function regexDiagnostics(regex: RegexLiteral, ignoreCase: boolean): Diagnostic[] {
  const flags = ignoreCase ? 'iu' : 'u';
  let pattern: AST.Pattern;
  try {
    pattern = parseRegexPattern(regex.pattern);
  } catch {
    return [];
  }
  const base = regex.span.start + 1;
  const diagnostics: Diagnostic[] = [];
  for (const dot of domainDots(pattern)) {
    const example = dotExample(regex.pattern, dot, flags);
    diagnostics.push({
      code: 'suspicious-regex',
      severity: DEFAULT_SEVERITY['suspicious-regex'],
      message:
        '`.` matches any character, not only a dot' +
        (example === undefined ? '' : `: this pattern also matches ${JSON.stringify(example)}`) +
        '. Write `\\.` to match a literal dot.',
      span: { start: base + dot.start, end: base + dot.end },
      data: { replacement: '\\.' },
    });
  }
  let reports: Report[];
  try {
    // The tree parsed above, not the source: scslre would parse it again.
    reports = analyse({ pattern, flags: parseRegexFlags(ignoreCase) }).reports;
  } catch {
    reports = [];
  }
  // scslre may report one pair of quantifiers more than once (once per way they meet).
  const reported = new Set<string>();
  for (const report of reports) {
    if (report.type === 'Move') continue;
    // A trade's quantifiers in either order: in `(x+x+)+` the second `x+` trades with the first of the next round.
    const [start, end] =
      report.type === 'Trade'
        ? [Math.min(report.startQuant.start, report.endQuant.start), Math.max(report.startQuant.end, report.endQuant.end)]
        : [report.parentQuant.start, report.parentQuant.end];
    const attack = report.character.pick;
    const key = `${report.type} ${start} ${end} ${report.exponential} ${attack}`;
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push({
      code: 'suspicious-regex',
      severity: DEFAULT_SEVERITY['suspicious-regex'],
      message:
        `This pattern can backtrack ${report.exponential ? 'exponentially' : 'super-linearly'} in backtracking regex engines (Java's, in Spark SQL; ` +
        `Channel Rules and RE2 match in linear time): on a value with many ${JSON.stringify(attack)} ` +
        `that does not match, ${report.type === 'Trade' ? 'these two quantifiers can split the characters between them' : 'the nested quantifiers can split the characters'} in very many ways. ` +
        'Rewrite it so that each character can be matched in one way only.',
      span: { start: base + start, end: base + end },
    });
  }
  return diagnostics;
}

/** Unescaped dots right after a name character and right before a label of two letters or more. */
function domainDots(pattern: AST.Pattern): AST.CharacterSet[] {
  const found: AST.CharacterSet[] = [];
  const visitAlternatives = (alternatives: readonly AST.Alternative[]): void => {
    for (const alternative of alternatives) {
      const elements = alternative.elements;
      elements.forEach((element, index) => {
        if (element.type === 'CharacterSet' && element.kind === 'any') {
          const before = elements[index - 1];
          const after = elements.slice(index + 1, index + 3);
          if (isCharacter(before, /[A-Za-z0-9-]/) && after.length === 2 && after.every((next) => isCharacter(next, /[A-Za-z]/))) found.push(element);
        }
        visitElement(element);
      });
    }
  };
  const visitElement = (element: AST.Element): void => {
    switch (element.type) {
      case 'Group':
      case 'CapturingGroup':
        visitAlternatives(element.alternatives);
        return;
      case 'Quantifier':
        visitElement(element.element);
        return;
      case 'Assertion':
        if (element.kind === 'lookahead' || element.kind === 'lookbehind') visitAlternatives(element.alternatives);
        return;
      default:
        return;
    }
  };
  visitAlternatives(pattern.alternatives);
  return found;
}

function isCharacter(element: AST.Element | undefined, allowed: RegExp): boolean {
  return element?.type === 'Character' && allowed.test(String.fromCodePoint(element.value));
}

/** The literal text around the dot with an `x` in its place, when the pattern matches it. */
function dotExample(source: string, dot: AST.CharacterSet, flags: string): string | undefined {
  const literal = /[A-Za-z0-9-]/;
  let start = dot.start;
  while (start > 0 && literal.test(source[start - 1]!) && source[start - 2] !== '\\') start--;
  let end = dot.end;
  while (end < source.length && literal.test(source[end]!)) end++;
  const candidate = `${source.slice(start, dot.start)}x${source.slice(dot.end, end)}`;
  try {
    return new LinearRegex(source, flags === 'iu').test(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}
