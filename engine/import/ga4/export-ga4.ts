// `channel-rules export RULES --to ga4-channel-group`: checked rules → the Admin API
// ChannelGroup JSON (SPEC §8). GA4 wants each channel as ONE grouping rule whose
// expression is an and-of-ors: an andGroup of orGroups of filters or notExpressions of
// one filter. So a channel's rules must be adjacent (their `or` is one grouping rule),
// each condition is put in conjunctive normal form (bounded by MAX_FILTERS), and
// every comparison must mean the same under GA4's case-insensitive matching. What GA4
// cannot say (missing versus null, `exists`, case-sensitive comparisons) is refused
// with the rule's `file:line`.

import { visitRegExpAST, type AST } from '@eslint-community/regexpp';
import type { CheckedRules, RuleCondition } from '../../check/checked-rules';
import { caseClassOf } from '../../semantics/case-fold';
import { parseRegexPattern } from '../../semantics/regex-syntax';
import type { ValueTest } from '../../semantics/value-test';
import { printRegex } from '../../sql/print-regex';
import { regexTree } from '../../sql/regex-tree';
import { RE2_BIGQUERY } from '../../sql/regex-syntaxes';
import { ImportError } from '../import-error';
import { ga4FieldOf, MAX_DESCRIPTION, MAX_DISPLAY_NAME, MAX_GROUPING_RULES, type ChannelGroup, type ChannelGroupFilter, type ChannelGroupFilterExpression, type GroupingRule } from './channel-group';
import { firstCaseDistinction } from './regex-case-distinction';

/** The most filters one channel's and-of-ors may hold (distribution can grow exponentially). */
export const MAX_FILTERS = 1000;

export interface Ga4ExportOptions {
  /** The channel group's displayName. */
  name: string;
  /** The rules file as given, for `file:line` in refusals. */
  fileName: string;
  /** 1-based line of a span start, for refusals. */
  lineOf: (offset: number) => number;
  /** The rules text, to quote conditions in refusals. */
  text: string;
}

/** A formula over GA4 filters: literals are a filter, maybe negated. */
type Formula = { kind: 'and' | 'or'; items: Formula[] } | { kind: 'literal'; filter: ChannelGroupFilter; negated: boolean } | { kind: 'const'; value: boolean };

const TRUE: Formula = { kind: 'const', value: true };
const FALSE: Formula = { kind: 'const', value: false };

export function exportGa4ChannelGroup(rules: CheckedRules, options: Ga4ExportOptions): ChannelGroup {
  if (rules.skippedRules > 0 || rules.diagnostics.some((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation')) {
    throw new ImportError('the rules have errors (run channel-rules check)', options.fileName);
  }
  // GA4's Admin API requires a displayName (ChannelGroup.displayName: "Required").
  if (options.name.trim() === '') throw new ImportError('GA4 requires a name for the channel group: give one with --name', options.fileName);
  if ([...options.name].length > MAX_DISPLAY_NAME) throw new ImportError(`the name is longer than GA4's ${MAX_DISPLAY_NAME} characters`, options.fileName);
  const at = (offset: number) => `${options.fileName}:${options.lineOf(offset)}`;
  const groups: { channel: string; conditions: RuleCondition[]; line: number; span: number }[] = [];
  // By name: a search of the groups for each rule was quadratic (64,000 channels: 81 s before the count was refused).
  const groupOf = new Map<string, (typeof groups)[number]>();
  for (const rule of rules.rules) {
    const last = groups.at(-1);
    if (last !== undefined && last.channel === rule.channel) {
      last.conditions.push(rule.condition);
      continue;
    }
    const earlier = groupOf.get(rule.channel);
    if (earlier !== undefined) {
      throw new ImportError(`channel ${JSON.stringify(rule.channel)} has rules that are not adjacent (first at line ${earlier.line}); GA4 gives each channel one grouping rule in one place, so move its rules together if the order allows`, at(rule.span.start));
    }
    const group = { channel: rule.channel, conditions: [rule.condition], line: rule.line, span: rule.span.start };
    groups.push(group);
    groupOf.set(rule.channel, group);
  }
  if (rules.otherwise !== undefined && groupOf.has(rules.otherwise.channel)) {
    throw new ImportError(`the otherwise channel ${JSON.stringify(rules.otherwise.channel)} also has rules; GA4 gives each channel one grouping rule in one place`, at(rules.otherwise.span.start));
  }
  const count = groups.length + (rules.otherwise === undefined ? 0 : 1);
  if (count > MAX_GROUPING_RULES) throw new ImportError(`${count} channels; GA4 allows at most ${MAX_GROUPING_RULES} in a channel group`, options.fileName);

  const groupingRule: GroupingRule[] = groups.map((group) => {
    const formula = or(...group.conditions.map((condition) => formulaOf(condition, options, at)));
    const clauses = cnf(formula, `channel ${JSON.stringify(group.channel)}`, at(group.span));
    if (clauses.some((clause) => clause.length === 0)) {
      throw new ImportError(`channel ${JSON.stringify(group.channel)} can never match, and GA4 has no expression that matches nothing`, at(group.span));
    }
    return { displayName: group.channel, expression: expressionOf(clauses) };
  });
  if (rules.otherwise !== undefined) {
    groupingRule.push({ displayName: rules.otherwise.channel, expression: expressionOf([]) });
  }
  return {
    displayName: options.name,
    description: descriptionText(`Exported by channel-rules from ${options.fileName}`),
    groupingRule,
  };
}

/**
 * The description cut to GA4's 256 characters, counted in UTF-16 units (so that it fits
 * however GA4 counts), without splitting a surrogate pair: half of an emoji is not
 * Unicode, and a lone surrogate is no valid JSON text for a strict parser.
 */
function descriptionText(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const last = text.charCodeAt(MAX_DESCRIPTION - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_DESCRIPTION - 1 : MAX_DESCRIPTION);
}

function or(...items: Formula[]): Formula {
  return items.length === 1 ? items[0]! : { kind: 'or', items };
}

function formulaOf(condition: RuleCondition, options: Ga4ExportOptions, at: (offset: number) => string): Formula {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return { kind: condition.kind, items: condition.operands.map((operand) => formulaOf(operand, options, at)) };
    case 'not':
      return negate(formulaOf(condition.operand, options, at));
    case 'test': {
      const quoted = options.text.slice(condition.span.start, condition.span.end);
      return testFormula(condition.field, condition.test, (reason) => new ImportError(`\`${quoted}\`: ${reason}`, at(condition.span.start)));
    }
  }
}

function negate(formula: Formula): Formula {
  switch (formula.kind) {
    case 'const':
      return { kind: 'const', value: !formula.value };
    case 'literal':
      return { ...formula, negated: !formula.negated };
    case 'and':
      return { kind: 'or', items: formula.items.map(negate) };
    case 'or':
      return { kind: 'and', items: formula.items.map(negate) };
  }
}

function testFormula(field: string, test: ValueTest, refuse: (reason: string) => ImportError): Formula {
  if (test.missing !== test.null) {
    throw refuse('GA4 cannot tell a missing field from a null one (`exists`, `is missing` and `is null` have no GA4 form; `is set` / `is not set` do)');
  }
  const fieldName = ga4FieldOf(field);
  if (fieldName === undefined) throw refuse(`the field ${JSON.stringify(field)} has no GA4 field name that imports back to it (GA4 names are eachScope… in camel case)`);
  const anyString: Formula = { kind: 'literal', filter: { fieldName, stringFilter: { matchType: 'PARTIAL_REGEXP', value: '.*' } }, negated: false };
  let strings: Formula;
  const set = test.strings;
  if (set.kind === 'all') strings = anyString;
  else {
    if (!test.ignoreCase) refuseCaseSensitive(set, refuse);
    strings = stringFormula(fieldName, set, test.ignoreCase, refuse);
  }
  // GA4's filters never match a missing field, so their negations always do.
  if (test.complement) return test.missing ? negate(strings) : { kind: 'and', items: [anyString, negate(strings)] };
  return test.missing ? { kind: 'or', items: [negate(anyString), strings] } : strings;
}

const CASE_SENSITIVE = 'a case-sensitive comparison; GA4 matches without regard to case';
const IGNORE_CASE = '(write `ignoring case`, or `case insensitive` at the top)';

/**
 * Refuses a case-sensitive test unless ignoring case changes nothing in it: a string
 * without a character that has another case, or a regex none of whose characters and
 * classes tells cases apart (a class is judged by the characters it accepts, not by its
 * text: `[!-_]` holds A but not a).
 */
function refuseCaseSensitive(set: Exclude<ValueTest['strings'], { kind: 'all' }>, refuse: (reason: string) => ImportError): void {
  if (set.kind === 'regex') {
    const distinction = firstCaseDistinction(set.pattern);
    if (distinction !== undefined) {
      const { element, offset, accepted, refused } = distinction;
      throw refuse(`${CASE_SENSITIVE}, and the regex's \`${element}\` (at character ${offset + 1}) matches ${characterText(accepted)} but not ${characterText(refused)} ${IGNORE_CASE}`);
    }
    return;
  }
  if (hasOtherCases(set.kind === 'equals' ? set.values.join('') : set.value)) throw refuse(`${CASE_SENSITIVE} ${IGNORE_CASE}`);
}

function hasOtherCases(text: string): boolean {
  for (const char of text) if (caseClassOf(char.codePointAt(0)!).length > 1) return true;
  return false;
}

/** A character in a refusal: quoted, with its code point past ASCII (the Kelvin sign K reads as K). */
function characterText(codePoint: number): string {
  const quoted = JSON.stringify(String.fromCodePoint(codePoint));
  return codePoint < 0x80 ? quoted : `${quoted} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}

function stringFormula(fieldName: string, set: Exclude<ValueTest['strings'], { kind: 'all' }>, ignoreCase: boolean, refuse: (reason: string) => ImportError): Formula {
  const literal = (filter: ChannelGroupFilter): Formula => ({ kind: 'literal', filter, negated: false });
  const string = (matchType: 'EXACT' | 'BEGINS_WITH' | 'ENDS_WITH' | 'CONTAINS' | 'PARTIAL_REGEXP', value: string) => literal({ fieldName, stringFilter: { matchType, value } });
  switch (set.kind) {
    case 'equals':
      if (set.values.length === 0) return FALSE;
      if (set.values.length > 1) return literal({ fieldName, inListFilter: { values: [...set.values] } });
      // In proto3 JSON an empty string is the field left out, and GA4 requires the value:
      // `= ""` is the regex of the empty string (RE2's `\z` is the end of the text), as
      // export writes `matches /^$/`. A list keeps "" (a repeated field's item is kept).
      return set.values[0] === '' ? string('PARTIAL_REGEXP', '^\\z') : string('EXACT', set.values[0]!);
    case 'contains':
      return set.value === '' ? string('PARTIAL_REGEXP', '.*') : string('CONTAINS', set.value);
    case 'startsWith':
      return set.value === '' ? string('PARTIAL_REGEXP', '.*') : string('BEGINS_WITH', set.value);
    case 'endsWith':
      return set.value === '' ? string('PARTIAL_REGEXP', '.*') : string('ENDS_WITH', set.value);
    case 'regex': {
      if (hasWordEscape(set.pattern)) throw refuse('`\\b` and `\\w` ignoring case count ſ and K (Kelvin) as word characters, RE2 does not');
      let printed: string | null;
      try {
        // Ignoring case, every class is printed closed under case folding: then GA4's own
        // case-insensitive matching adds nothing, whichever way RE2 folds a negated class.
        printed = printRegex(regexTree(set.pattern, ignoreCase), RE2_BIGQUERY);
      } catch (error) {
        throw refuse((error as Error).message);
      }
      if (printed === null) return FALSE;
      return string('PARTIAL_REGEXP', printed === '' ? '.*' : printed);
    }
  }
}

/**
 * Whether the pattern has `\b`, `\B`, `\w` or `\W`, found in its syntax tree rather than
 * its text: in a class `[\b]` is the backspace character, and `\\b` is a backslash and a b.
 */
function hasWordEscape(pattern: string): boolean {
  let ast: AST.Pattern;
  try {
    ast = parseRegexPattern(pattern);
  } catch {
    // Not a regex of the language: regexTree below says why.
    return false;
  }
  let found = false;
  visitRegExpAST(ast, {
    onAssertionEnter(node) {
      if (node.kind === 'word') found = true;
    },
    onCharacterSetEnter(node) {
      if (node.kind === 'word') found = true;
    },
  });
  return found;
}

type Literal = { filter: ChannelGroupFilter; negated: boolean };

/** Conjunctive normal form: clauses of literals (an empty list of clauses is TRUE). */
function cnf(formula: Formula, what: string, where: string): Literal[][] {
  let size = 0;
  const count = (clauses: Literal[][]) => {
    size = clauses.reduce((total, clause) => total + clause.length, 0);
    if (size > MAX_FILTERS) {
      throw new ImportError(`${what} needs more than ${MAX_FILTERS} filters in GA4's and-of-ors form (an or of ands multiplies out); split or simplify it`, where);
    }
    return clauses;
  };
  const visit = (node: Formula): Literal[][] => {
    switch (node.kind) {
      case 'const':
        return node.value ? [] : [[]];
      case 'literal':
        return [[{ filter: node.filter, negated: node.negated }]];
      case 'and':
        return count(simplify(node.items.flatMap(visit)));
      case 'or': {
        let product: Literal[][] = [[]];
        for (const item of node.items) {
          const clauses = visit(item);
          const next: Literal[][] = [];
          for (const left of product) for (const right of clauses) next.push([...left, ...right]);
          product = count(simplify(next));
        }
        return product;
      }
    }
  };
  return visit(formula);
}

const key = (literal: Literal) => `${literal.negated ? '!' : ''}${JSON.stringify(literal.filter)}`;

/** Drops repeated literals, clauses holding a literal and its negation, and repeated clauses. */
function simplify(clauses: Literal[][]): Literal[][] {
  const seen = new Set<string>();
  const result: Literal[][] = [];
  for (const clause of clauses) {
    const keys = new Map<string, Literal>();
    for (const literal of clause) keys.set(key(literal), literal);
    if ([...keys.keys()].some((k) => keys.has(k.startsWith('!') ? k.slice(1) : `!${k}`))) continue;
    const unique = [...keys.values()];
    const id = [...keys.keys()].sort().join('|');
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(unique);
  }
  return result;
}

function expressionOf(clauses: Literal[][]): ChannelGroupFilterExpression {
  if (clauses.length === 0) {
    // Always true: a field's filter or its negation (GA4 needs a non-empty andGroup).
    const filter: ChannelGroupFilter = { fieldName: 'eachScopeSource', stringFilter: { matchType: 'PARTIAL_REGEXP', value: '.*' } };
    clauses = [[{ filter, negated: false }, { filter, negated: true }]];
  }
  return {
    andGroup: {
      filterExpressions: clauses.map((clause) => ({
        orGroup: {
          filterExpressions: clause.map((literal) => (literal.negated ? { notExpression: { filter: literal.filter } } : { filter: literal.filter })),
        },
      })),
    },
  };
}
