// CheckedRules → Classifier. Everything that does not depend on the event is done
// here, once: field accessors resolved, value tests compiled (compile-value-test),
// identical tests of a field shared, and the rules turned into one JavaScript
// function, so that per event only the comparisons run. In that function each field
// is read at most once, when a rule first needs it, folded for case-insensitive
// comparisons at most once, and a test that several rules share (GA4-style files
// repeat `utm_medium matches /…/`) is evaluated at most once. From INDEX_FROM_RULES
// rules on, the rules are reached through a rule index (./rule-index): the values an
// event has select the candidate rules, tried in file order, so the result is still
// the first rule that holds. Rules that need a value to hold a literal are found by a
// scan of it (./literal-lookup).
//
// In front of the rules sits a memo (./classify-memo): the result is a function of
// the values the accessors return, so the function reads each of the rules' fields
// once, looks the values up, and runs the rules only for values it has not seen
// (then remembers them). While the memo pauses (values that do not repeat), the rules
// run as without it, each field read when a rule first needs it. Rules reading more
// than MEMO_MAX_FIELDS fields have no memo.
//
// The generated source holds only variable names made of indices, operators and
// `true` / `false`: every value from the rules (strings, sets, regexes, accessors) is
// passed in as an argument, never written into the source.

import type { CheckedRules, ConditionTest, RuleCondition } from '../check/checked-rules';
import type { EventProps, FieldAccessor } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { foldCase } from '../semantics/case-fold';
import type { StringTest } from '../semantics/linear-regex';
import { OTHERWISE, UNCLASSIFIED, type Classifier } from './classifier';
import { compileValueTestParts, type CompiledValueTest, type StringCheck } from './compile-value-test';
import { ClassifyMemo, DEFAULT_MEMO_OPTIONS, detached, MEMO_MAX_FIELDS, type MemoOptions } from './classify-memo';
import { buildRuleIndex } from './rule-index';

interface TestSlot {
  field: number;
  test: CompiledValueTest;
  /** How many conditions use it (memoised only when more than one does). */
  uses: number;
}

/** "Not read yet", distinct from every field value (undefined, null, strings). */
const UNREAD = Symbol('unread');

export interface CompileOptions {
  /**
   * Rule lists at least this long are compiled with a rule index (./rule-index);
   * shorter ones try every rule in turn, which costs less than a lookup for a few
   * dozen rules. Tests set 0 to hold the index to the plain first match.
   */
  indexFrom?: number;
  /** The memo's bounds (./classify-memo), or false for none; tests set small ones. */
  memo?: MemoOptions | false;
  /** The fewest rules indexed by a literal (./rule-index LITERAL_INDEX_FROM); tests set 0. */
  literalIndexFrom?: number;
}

/** Measured in `npm run bench -- --only classify` (docs/dev/benchmarks.md). */
export const INDEX_FROM_RULES = 32;

/** `fields`: how events' fields are looked up (plain events, or one source system's export). */
export function compileClassifier(rules: CheckedRules, fields: FieldLookup = PLAIN_FIELDS, options: CompileOptions = {}): Classifier {
  const fieldIndex = new Map<string, number>();
  const accessors: FieldAccessor[] = [];
  const slotIndex = new Map<string, number>();
  const slots: TestSlot[] = [];
  const slotOf = (condition: ConditionTest): number => {
    const key = JSON.stringify([condition.field, condition.test]);
    let slot = slotIndex.get(key);
    if (slot === undefined) {
      let field = fieldIndex.get(condition.field);
      if (field === undefined) {
        field = accessors.length;
        fieldIndex.set(condition.field, field);
        accessors.push(fields.accessor(condition.field));
      }
      slot = slots.length;
      slotIndex.set(key, slot);
      slots.push({ field, test: compileValueTestParts(condition.test), uses: 0 });
    }
    slots[slot]!.uses++;
    return slot;
  };
  const countUses = (condition: RuleCondition): void => {
    if (condition.kind === 'test') slotOf(condition);
    else if (condition.kind === 'not') countUses(condition.operand);
    else condition.operands.forEach(countUses);
  };
  rules.rules.forEach((rule) => countUses(rule.condition));

  const constants: unknown[] = [];
  const constant = (value: unknown): string => `c${constants.push(value) - 1}`;
  const foldedFields = new Set(slots.filter((slot) => slot.test.folded).map((slot) => slot.field));

  const stringExpression = (slot: TestSlot): string => {
    const value = `v${slot.field}`;
    const text = slot.test.folded ? `(g${slot.field} === U ? (g${slot.field} = foldCase(${value})) : g${slot.field})` : value;
    const check = checkExpression(slot.test.check, text, constant);
    return slot.test.complement ? `!(${check})` : check;
  };
  const slotExpression = (index: number): string => {
    const slot = slots[index]!;
    const value = `v${slot.field}`;
    const expression =
      `(${value} === U && (${value} = a${slot.field}(props)), ` +
      `${value} === undefined ? ${slot.test.missing} : ${value} === null ? ${slot.test.null} : ${stringExpression(slot)})`;
    return slot.uses > 1 ? `(r${index} === 0 ? (r${index} = ${expression} ? 1 : 2) === 1 : r${index} === 1)` : expression;
  };
  const slotOfTest = (condition: ConditionTest): TestSlot => slots[slotIndex.get(JSON.stringify([condition.field, condition.test]))!]!;
  const conditionExpression = (condition: RuleCondition): string => {
    switch (condition.kind) {
      case 'test':
        return slotExpression(slotIndex.get(JSON.stringify([condition.field, condition.test]))!);
      case 'not':
        return `!${conditionExpression(condition.operand)}`;
      case 'and':
        return condition.operands.length === 0 ? 'true' : `(${condition.operands.map(conditionExpression).join(' && ')})`;
      case 'or':
        return condition.operands.length === 0 ? 'false' : `(${condition.operands.map(conditionExpression).join(' || ')})`;
    }
  };

  const noMatch = rules.otherwise !== undefined ? OTHERWISE : UNCLASSIFIED;
  const values = accessors.map((_, field) => `v${field}`);
  const memoOptions = options.memo === undefined ? DEFAULT_MEMO_OPTIONS : options.memo;
  const memo = memoOptions !== false && accessors.length > 0 && accessors.length <= MEMO_MAX_FIELDS ? new ClassifyMemo(memoOptions) : undefined;
  const body = rules.rules.length >= (options.indexFrom ?? INDEX_FROM_RULES) ? indexedBody(rules, slotOfTest, conditionExpression, constant, options.literalIndexFrom) : rules.rules.map((rule, index) => `  if (${conditionExpression(rule.condition)}) return ${index};`);
  const locals = [
    ...[...foldedFields].map((field) => `g${field} = U`),
    ...slots.flatMap((slot, index) => (slot.uses > 1 ? [`r${index} = 0`] : [])),
  ];
  const source = [
    '"use strict";',
    ...accessors.map((_, field) => `const a${field} = A[${field}];`),
    ...constants.map((_, index) => `const c${index} = C[${index}];`),
    // The rules, first match, each field read when a rule first needs it.
    'function rules(props) {',
    values.length + locals.length > 0 ? `  let ${[...values.map((value) => `${value} = U`), ...locals].join(', ')};` : '',
    ...body,
    `  return ${noMatch};`,
    '}',
    ...(memo === undefined
      ? ['return rules;']
      : [
          // Each field read once, the values looked up in the memo (./classify-memo), and the
          // rules run only for values it has not seen. They read the fields again then: `rules`
          // is the function the paused memo runs too, so it is the one kept optimised (a copy
          // taking the values read, run only on misses, stayed interpreted and made a stream of
          // unique values pay for it while probing).
          'const R = M.root;',
          'return function classify(props) {',
          '  if (M.skip > 0) { M.skip--; return rules(props); }',
          ...values.map((value, field) => `  const ${value} = a${field}(props);`),
          '  let m = R.get(v0);',
          ...values.slice(1).map((value) => `  if (m !== undefined) m = m.get(${value});`),
          '  if (m !== undefined) { M.hit(); return m; }',
          '  const result = rules(props);',
          `  M.miss([${values.join(', ')}], result);`,
          '  return result;',
          '};',
        ]),
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see the file comment: no user text in the source
  const classify = new Function('U', 'foldCase', 'A', 'C', 'M', source)(UNREAD, foldCase, accessors, constants, memo) as (
    props: EventProps,
  ) => number;

  const channels = rules.rules.map((rule) => rule.channel);
  const otherwiseChannel = rules.otherwise?.channel ?? null;
  return {
    rules,
    fields,
    classify,
    channelOf(result: number): string | null {
      if (result >= 0) return channels[result] ?? null;
      return result === OTHERWISE ? otherwiseChannel : null;
    },
  };
}

/** Largest rule position + 1: the merge's "no more candidates". */
const END = 0x7fffffff;

/**
 * The rules tried through a rule index (./rule-index): each dimension's field read
 * and looked up once, the candidate lists and the unindexed rules merged in file
 * order, and each candidate's condition evaluated (a settled one returned at once).
 */
function indexedBody(
  rules: CheckedRules,
  slotOfTest: (condition: ConditionTest) => TestSlot,
  conditionExpression: (condition: RuleCondition) => string,
  constant: (value: unknown) => string,
  literalIndexFrom: number | undefined,
): string[] {
  const index = buildRuleIndex(
    rules.rules.map((rule) => rule.condition),
    slotOfTest,
    literalIndexFrom,
  );
  if (index.dimensions.length === 0) return rules.rules.map((rule, position) => `  if (${conditionExpression(rule.condition)}) return ${position};`);
  const empty = constant(new Int32Array(0));
  const lists: string[] = [];
  const lines: string[] = [];
  index.dimensions.forEach(({ field, folded }, number) => {
    const value = `v${field}`;
    const key = folded ? `(g${field} === U ? (g${field} = foldCase(${value})) : g${field})` : value;
    lines.push(`  ${value} === U && (${value} = a${field}(props));`);
    lines.push(`  const l${number} = typeof ${value} === 'string' ? (${constant(index.lookups[number])}.get(${key}) ?? ${empty}) : ${empty};`);
    lists.push(`l${number}`);
  });
  if (index.unindexed.length > 0) {
    lines.push(`  const l${lists.length} = ${constant(index.unindexed)};`);
    lists.push(`l${lists.length}`);
  }
  // Settled rules return from a flag, so that the switch (and the function) stays as
  // small as the rules that need evaluating: 10,000 `utm_source = "…"` channels have none.
  const settled = constant(Uint8Array.from(index.settled, (flag) => (flag ? 1 : 0)));
  const cases = rules.rules.flatMap((rule, position) =>
    index.settled[position] ? [] : [`      case ${position}: if (${conditionExpression(rule.condition)}) return ${position}; break;`],
  );
  const tryCandidate = (k: string): string[] => [
    `    if (${settled}[${k}] === 1) return ${k};`,
    ...(cases.length === 0 ? [] : [`    switch (${k}) {`, ...cases, '    }']),
  ];
  if (lists.length === 1) {
    lines.push('  for (let p = 0; p < l0.length; p++) {', '    const k = l0[p];', ...tryCandidate('k'), '  }');
    return lines;
  }
  lists.forEach((list, n) => lines.push(`  let p${n} = 0, h${n} = ${list}.length > 0 ? ${list}[0] : ${END};`));
  lines.push(
    '  for (;;) {',
    '    let k = h0;',
    ...lists.slice(1).map((_, n) => `    if (h${n + 1} < k) k = h${n + 1};`),
    `    if (k === ${END}) break;`,
    ...lists.map((list, n) => `    if (h${n} === k) h${n} = ++p${n} < ${list}.length ? ${list}[p${n}] : ${END};`),
    ...tryCandidate('k'),
    '  }',
  );
  return lines;
}

function checkExpression(check: StringCheck, text: string, constant: (value: unknown) => string): string {
  switch (check.kind) {
    case 'always':
      return 'true';
    case 'never':
      return 'false';
    case 'equals':
      return `${text} === ${constant(check.value)}`;
    case 'oneOf':
      return `${constant(check.values)}.has(${text})`;
    case 'includes':
    case 'startsWith':
    case 'endsWith':
      return `${text}.${check.kind}(${constant(check.needle)})`;
    case 'regex':
      return `${constant(new RegexMemo(check.regex))}.test(${text})`;
  }
}

/**
 * A regex test remembered per value: field values repeat a lot (a few dozen media,
 * a few hundred sources), and a map lookup costs less than running a regex.
 * `test` depends on the value alone.
 */
class RegexMemo {
  private static readonly LIMIT = 4096;
  private static readonly MAX_LENGTH = 1024;
  private readonly results = new Map<string, boolean>();

  constructor(private readonly regex: StringTest) {}

  test(value: string): boolean {
    // Long values are rare; hashing one costs as much as matching it, and keeping it would make the memo hold megabytes.
    if (value.length > RegexMemo.MAX_LENGTH) return this.regex.test(value);
    let result = this.results.get(value);
    if (result === undefined) {
      result = this.regex.test(value);
      // A copy: the value may be a slice sharing a whole chunk's memory (see detached).
      if (this.results.size < RegexMemo.LIMIT) this.results.set(detached(value), result);
    }
    return result;
  }
}

const compiledFor = new WeakMap<Classifier, WeakMap<FieldLookup, Classifier>>();

/**
 * The classifier of the same rules for events read with `fields` (compiled once per
 * pair). Its fields' accessors are handed out again, compiled now or before, so that a
 * recording open on `fields` (FieldLookup.recordReads) has what it reads: a report
 * reads the Parquet columns its own rules reach.
 */
export function classifierFor(classifier: Classifier, fields: FieldLookup): Classifier {
  const compiled = compiledClassifierFor(classifier, fields);
  for (const field of classifier.rules.fields) fields.accessor(field);
  return compiled;
}

function compiledClassifierFor(classifier: Classifier, fields: FieldLookup): Classifier {
  if (classifier.fields === fields) return classifier;
  let byFields = compiledFor.get(classifier);
  if (byFields === undefined) {
    byFields = new WeakMap();
    compiledFor.set(classifier, byFields);
  }
  let compiled = byFields.get(fields);
  if (compiled === undefined) {
    compiled = compileClassifier(classifier.rules, fields);
    byFields.set(fields, compiled);
  }
  return compiled;
}
