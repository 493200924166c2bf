// `channel-rules import FILE.sql`: one CASE classifier → rules (SPEC §8).
//
// SQL has three truth values. Every condition is translated into TWO conditions of
// the language: when it is TRUE and when it is FALSE (NULL is neither). A WHEN fires
// only when its condition is TRUE; NOT swaps the two; AND / OR combine them as
// Kleene's logic does. SQL's one NULL is the language's "not set" (missing or null).
// String tests become a RegexNode over the compared value (LIKE patterns, regexes
// with their dialect's meaning, literals); LOWER / UPPER are applied backwards to the
// node's character sets (../case-mapping), exactly or not at all.

import { LineIndex } from '../../text/line-index';
import { isEmpty, type CodePointSet } from '../../sql/code-point-set';
import type { DialectName } from '../../sql/dialect';
import { alt, alternativeBranches, caseClassSet, EMPTY, hasAlternatives, seq, type RegexNode } from '../../sql/regex-tree';
import { CASE_MODELS, CaseRefusal, casePreimage, checkExpansions, repeatsCharacterByCharacter, type CaseFunction } from '../case-mapping';
import { ImportError } from '../import-error';
import { jsRegexSource } from '../js-regex';
import { and, FALSE, not, or, rulesText, test, TRUE, type Condition, type ImportedChannel, type ImportedRules } from '../rules-text';
import { unwritableField } from '../../language/field-name-text';
import { anchored, FLAVOR_TITLE, parseDialectRegex, RegexRefusal } from './dialect-regex';
import { MAX_PATTERN_LENGTH } from '../../check/regex-subset';
import { tooLongForRules } from '../regex-length';
import { likeRewriteHazard } from '../../sql/duckdb-like-rewrite';
import { parseCase, SqlRefusal, type Predicate, type Value } from './sql-case';
import { SQL_FEATURES } from './sql-dialect-features';

export interface SqlImportOptions {
  dialect: DialectName;
  /** The file name written in the comments (`# from default_channel_grouping.sql:42`). */
  fileName: string;
}

/** The `.channels` text of a SQL CASE classifier; throws ImportError naming `line:column`. */
export function importSql(text: string, options: SqlImportOptions): string {
  const lines = new LineIndex(text);
  const where = (offset: number) => {
    const position = lines.position(offset);
    return `${position.line + 1}:${position.character + 1}`;
  };
  try {
    return rulesText(buildRules(text, options, (offset) => lines.position(offset).line + 1));
  } catch (error) {
    if (error instanceof SqlRefusal) throw new ImportError(error.message, where(error.offset));
    throw error;
  }
}

function buildRules(text: string, options: SqlImportOptions, lineOf: (offset: number) => number): ImportedRules {
  const parsed = parseCase(text, options.dialect);
  const translator = new Translator(options.dialect);
  const channels: ImportedChannel[] = [];
  const footer: string[] = [];
  let pendingComments: string[] = [];
  /** Events a THEN NULL already took (no channel): later rules must not take them. */
  let taken: Condition = FALSE;
  let alwaysFired = false;
  for (const when of parsed.whens) {
    const from = `from ${options.fileName}:${lineOf(when.offset)}`;
    if (alwaysFired) {
      footer.push(`${from}: never reached (an earlier WHEN is always TRUE)`);
      continue;
    }
    if (when.channel !== null) checkChannelName(when.channel, when.offset);
    const fires = translator.predicate(when.condition).t;
    const condition = and(fires, not(taken));
    if (when.channel === null) {
      taken = or(taken, fires);
      pendingComments.push(`${from}: THEN NULL (no channel); the rules below leave these events out`);
      continue;
    }
    if (condition.kind === 'const' && !condition.value) {
      footer.push(`${from}: never fires (its condition is never TRUE), so it is left out`);
      continue;
    }
    if (condition.kind === 'const') {
      // Always TRUE: the channel of every event that gets this far.
      alwaysFired = true;
      channels.push({ name: when.channel, comments: [], rules: [] });
      footer.push(`${from}: always TRUE, so it is the otherwise below`);
      continue;
    }
    const rule = { comments: [...pendingComments, from], condition };
    pendingComments = [];
    const last = channels.at(-1);
    if (last !== undefined && last.name === when.channel && last.rules.length > 0) last.rules.push(rule);
    else channels.push({ name: when.channel, comments: [], rules: [rule] });
  }
  let otherwise: ImportedRules['otherwise'];
  const elseFrom = `from ${options.fileName}: ELSE`;
  if (alwaysFired) {
    const always = channels.pop()!;
    otherwise = { name: always.name, comments: pendingComments };
  } else if (parsed.otherwise !== null) {
    checkChannelName(parsed.otherwise, parsed.offset);
    const remaining = not(taken);
    if (remaining.kind === 'const' && remaining.value) otherwise = { name: parsed.otherwise, comments: [...pendingComments, elseFrom] };
    else if (remaining.kind === 'const') footer.push(...pendingComments, `${elseFrom}: never reached (a THEN NULL takes every event)`);
    else channels.push({ name: parsed.otherwise, comments: [], rules: [{ comments: [...pendingComments, `${elseFrom} (every event no THEN NULL took)`], condition: remaining }] });
  } else if (pendingComments.length > 0) footer.push(...pendingComments);
  return {
    header: [`imported from ${options.fileName} (SQL, ${options.dialect}) by channel-rules import`],
    caseInsensitive: false,
    channels: channels.filter((channel) => channel.rules.length > 0),
    ...(otherwise === undefined ? {} : { otherwise }),
    footer,
  };
}

function checkChannelName(name: string, offset: number): void {
  if (name === '' || name === '(unclassified)' || name === '(no touch)') {
    throw new SqlRefusal(`the channel name ${JSON.stringify(name)}, which the rules language reserves`, offset);
  }
}

/** When a SQL condition is TRUE, and when it is FALSE. */
interface Truth {
  t: Condition;
  f: Condition;
}

const NULL_TRUTH: Truth = { t: FALSE, f: FALSE };

function constant(value: boolean | null): Truth {
  return value === null ? NULL_TRUTH : value ? { t: TRUE, f: FALSE } : { t: FALSE, f: TRUE };
}

function swap(truth: Truth): Truth {
  return { t: truth.f, f: truth.t };
}

/** A compared value: a field (through at most one LOWER / UPPER, maybe COALESCEd) or a constant. */
type Operand =
  | { kind: 'field'; field: string; fn: CaseFunction | undefined; nullValue: string | null; offset: number }
  | { kind: 'constant'; value: string | null; offset: number };

/** A test on the (LOWER / UPPER-ed) string: a list of values, or a regex node. */
interface StringPredicate {
  node?: RegexNode;
  list?: readonly string[];
  /** A value not in the list is NULL rather than FALSE (a NULL in the IN list). */
  missIsNull?: boolean;
  /** Where to point a refusal. */
  offset: number;
  what: string;
}

class Translator {
  private readonly features;
  private readonly caseModel;
  constructor(private readonly dialect: DialectName) {
    this.features = SQL_FEATURES[dialect];
    this.caseModel = CASE_MODELS[dialect];
  }

  predicate(predicate: Predicate): Truth {
    switch (predicate.kind) {
      case 'and': {
        const parts = predicate.items.map((item) => this.predicate(item));
        return { t: and(...parts.map((part) => part.t)), f: or(...parts.map((part) => part.f)) };
      }
      case 'or': {
        const parts = predicate.items.map((item) => this.predicate(item));
        return { t: or(...parts.map((part) => part.t)), f: and(...parts.map((part) => part.f)) };
      }
      case 'not':
        return swap(this.predicate(predicate.item));
      case 'bool':
        return constant(predicate.value);
      case 'isNull': {
        const operand = this.operand(predicate.value);
        let truth: Truth;
        if (operand.kind === 'constant') truth = constant(operand.value === null);
        else if (operand.nullValue !== null) truth = constant(false);
        else truth = { t: test(operand.field, 'isSet', undefined, { negated: true }), f: test(operand.field, 'isSet') };
        return predicate.negated ? swap(truth) : truth;
      }
      case 'compare': {
        const left = this.operand(predicate.left);
        const right = this.operand(predicate.right);
        let truth: Truth;
        if (left.kind === 'field' && right.kind === 'field') throw new SqlRefusal('a comparison of two columns', predicate.offset);
        if (left.kind === 'constant' && right.kind === 'constant') {
          truth = constant(left.value === null || right.value === null ? null : left.value === right.value);
        } else {
          const [field, literal] = left.kind === 'field' ? [left, right as Operand & { kind: 'constant' }] : [right as Operand & { kind: 'field' }, left];
          truth = literal.value === null ? NULL_TRUTH : this.stringTest(field, { node: literalNode(literal.value, true), offset: predicate.offset, what: 'the comparison' });
        }
        return predicate.operator === '<>' ? swap(truth) : truth;
      }
      case 'in': {
        const operand = this.operand(predicate.value);
        // A Set, not the list's own search per value: GA4's source lists run to hundreds, exports to tens of thousands.
        const values = new Set<string>();
        let hasNull = false;
        for (const item of predicate.list) {
          const value = this.operand(item);
          if (value.kind !== 'constant') throw new SqlRefusal('IN with a column in its list', item.offset);
          if (value.value === null) hasNull = true;
          else values.add(value.value);
        }
        const truth = this.stringTest(operand, { list: [...values], missIsNull: hasNull, offset: predicate.offset, what: 'IN' });
        return predicate.negated ? swap(truth) : truth;
      }
      case 'like':
        return this.like(predicate);
      case 'regex':
        return this.regex(predicate);
    }
  }

  private operand(value: Value): Operand {
    switch (value.kind) {
      case 'column': {
        const unwritable = unwritableField(value.field);
        if (unwritable !== undefined) throw new SqlRefusal(unwritable, value.offset);
        return { kind: 'field', field: value.field, fn: undefined, nullValue: null, offset: value.offset };
      }
      case 'string':
        return { kind: 'constant', value: value.value, offset: value.offset };
      case 'null':
        return { kind: 'constant', value: null, offset: value.offset };
      case 'call': {
        const name = value.name;
        if (name === 'lower' || name === 'upper' || name === 'lcase' || name === 'ucase') {
          const fn: CaseFunction = name === 'lower' || name === 'lcase' ? 'lower' : 'upper';
          if (value.args.length !== 1) throw new SqlRefusal(`${name.toUpperCase()} with ${value.args.length} arguments`, value.offset);
          const inner = this.operand(value.args[0]!);
          if (inner.kind === 'constant') return { ...inner, value: inner.value === null ? null : this.caseConstant(inner.value, fn, value.offset) };
          if (inner.fn !== undefined) throw new SqlRefusal(`${name.toUpperCase()} of ${inner.fn.toUpperCase()}`, value.offset);
          return { ...inner, fn, nullValue: inner.nullValue === null ? null : this.caseConstant(inner.nullValue, fn, value.offset) };
        }
        if (name === 'coalesce') {
          const [first, ...rest] = value.args.map((arg) => this.operand(arg));
          if (first === undefined || rest.length === 0) throw new SqlRefusal('COALESCE with fewer than two arguments', value.offset);
          const fallback = rest.find((arg) => arg.kind === 'field' || arg.value !== null);
          if (rest.some((arg) => arg.kind === 'field')) throw new SqlRefusal('COALESCE of two columns', value.offset);
          if (first.kind === 'constant') return first.value === null ? (fallback ?? first) : first;
          return { ...first, nullValue: first.nullValue ?? (fallback?.kind === 'constant' ? fallback.value : null) };
        }
        if (this.features.regex[name] !== undefined || ['regexp_contains', 'regexp_like', 'regexp_matches', 'regexp_full_match', 'rlike'].includes(name)) {
          throw new SqlRefusal(`${name.toUpperCase()} used as a value`, value.offset);
        }
        throw new SqlRefusal(`the function ${name.toUpperCase()}`, value.offset);
      }
    }
  }

  private caseConstant(value: string, fn: CaseFunction, offset: number): string {
    if (/[^\x00-\x7f]/.test(value)) throw new SqlRefusal(`${fn.toUpperCase()} of the non-ASCII constant ${JSON.stringify(value)} (it depends on ${this.caseModel.description})`, offset);
    return fn === 'lower' ? value.toLowerCase() : value.toUpperCase();
  }

  /** TRUE / FALSE of a string test on an operand, with its NULL cases. */
  private stringTest(operand: Operand, predicate: StringPredicate): Truth {
    if (operand.kind === 'constant') return constant(operand.value === null ? null : evaluate(predicate, operand.value));
    const positive = this.stringCondition(operand, predicate);
    const notSet = test(operand.field, 'isSet', undefined, { negated: true });
    const stringFalse = predicate.missIsNull ? FALSE : and(test(operand.field, 'isSet'), not(positive));
    const nullTruth = operand.nullValue === null ? null : evaluate(predicate, operand.nullValue);
    return {
      t: or(positive, nullTruth === true ? notSet : FALSE),
      f: or(stringFalse, nullTruth === false ? notSet : FALSE),
    };
  }

  /** The positive language test that holds for exactly the strings s with predicate(fn(s)) TRUE. */
  private stringCondition(operand: Operand & { kind: 'field' }, predicate: StringPredicate): Condition {
    const { field, fn } = operand;
    try {
      if (predicate.list !== undefined) {
        if (predicate.list.length === 0) return FALSE;
        if (fn === undefined) return predicate.list.length === 1 ? test(field, 'equals', predicate.list[0]!) : test(field, 'in', predicate.list);
        const mapped = predicate.list.map((value) => this.caseMapped(literalNode(value, true), fn));
        if (mapped.every((entry) => entry.ignoringCase !== undefined)) {
          const values = mapped.map((entry) => entry.ignoringCase!.literal);
          return values.length === 1 ? test(field, 'equals', values[0]!, { ignoreCase: true }) : test(field, 'in', values, { ignoreCase: true });
        }
        // ^(?:a|b)$ rather than (?:^a$|^b$): every option is anchored at both ends.
        const unanchored = mapped.map((entry) => seq((entry.node.kind === 'seq' ? entry.node.items : [entry.node]).filter((item) => item.kind !== 'start' && item.kind !== 'end')));
        return regexTest(field, seq([{ kind: 'start' }, alt(unanchored), { kind: 'end' }]), predicate);
      }
      const node = predicate.node!;
      if (fn === undefined) return plainTest(field, node) ?? regexTest(field, node, predicate);
      if (!this.caseModel.lengthPreserving && hasAlternatives(node)) {
        // A value's LOWER can be longer than the value, so the case mapping is worked out
        // along one sequence of characters: each branch of the alternatives in turn.
        const branches = alternativeBranches(node, MAX_CASE_MAPPED_BRANCHES);
        if (branches === undefined) {
          throw new CaseRefusal(`with ${this.caseModel.description}, ${fn.toUpperCase()} can change a value's length, so a regex after it is matched one branch at a time, and this one has alternatives inside a repetition or more than ${MAX_CASE_MAPPED_BRANCHES} branches`);
        }
        return or(...branches.map((branch) => this.caseMappedTest(field, branch, fn, predicate)));
      }
      return this.caseMappedTest(field, node, fn, predicate);
    } catch (error) {
      if (error instanceof CaseRefusal) throw new SqlRefusal(`${predicate.what} on ${fn!.toUpperCase()}(${field}): ${error.message}`, predicate.offset);
      throw error;
    }
  }

  private caseMappedTest(field: string, node: RegexNode, fn: CaseFunction, predicate: StringPredicate): Condition {
    const mapped = this.caseMapped(node, fn);
    if (mapped.ignoringCase !== undefined) return literalTest(field, mapped.ignoringCase, true);
    return regexTest(field, mapped.node, predicate);
  }

  /** The node over the original value, given one over its LOWER / UPPER. */
  private caseMapped(node: RegexNode, fn: CaseFunction): { node: RegexNode; ignoringCase?: Literal } {
    const model = this.caseModel;
    const visit = (item: RegexNode): void => {
      if (item.kind === 'seq') item.items.forEach(visit);
      else if (item.kind === 'alt') {
        if (!model.lengthPreserving) throw new CaseRefusal(`with ${model.description}, ${fn.toUpperCase()} can change a value's length, so only literal text and % can be matched after it`);
        item.options.forEach(visit);
      } else if (item.kind === 'repeat') {
        if (!model.lengthPreserving && !(item.item.kind === 'set' && item.min === 0 && item.max === Infinity && repeatsCharacterByCharacter(item.item.set, fn, model))) {
          throw new CaseRefusal(`with ${model.description}, ${fn.toUpperCase()} can change a value's length, so only literal text and % can be matched after it`);
        }
        visit(item.item);
      } else if (item.kind === 'wordBoundary') throw new CaseRefusal('a word boundary');
    };
    visit(node);
    if (!model.lengthPreserving && (node.kind === 'seq' ? node.items : [node]).some((item) => item.kind === 'set' && !(item.set.length === 1 && item.set[0]!.min === item.set[0]!.max))) {
      throw new CaseRefusal(`with ${model.description}, ${fn.toUpperCase()} can change a value's length, so "_" and classes cannot be matched after it`);
    }
    if (!model.lengthPreserving) {
      const elements = (node.kind === 'seq' ? node.items : [node]).flatMap((item): string[] =>
        item.kind === 'set' ? [String.fromCodePoint(item.set[0]!.min)] : item.kind === 'repeat' ? ['*'] : item.kind === 'end' ? ['$'] : [],
      );
      // An unanchored search (a regex) ends open, like a trailing %, and begins open,
      // like a leading one: a match may begin inside a character's longer image
      // (UPPER("ß") is "SS": r'S$' finds its second S).
      if (elements.at(-1) !== '$') elements.push('*');
      if ((node.kind === 'seq' ? node.items[0] : node)?.kind !== 'start') elements.unshift('*');
      checkExpansions(elements, fn, model);
    }
    const mapped = mapSets(node, (set) => casePreimage(set, fn, model));
    const literal = literalShape(node);
    if (literal !== undefined && literalOf(mapped, literal)) return { node: mapped, ignoringCase: literal };
    return { node: mapped };
  }

  private like(predicate: Predicate & { kind: 'like' }): Truth {
    const operand = this.operand(predicate.value);
    const pattern = this.operand(predicate.pattern);
    if (pattern.kind !== 'constant') throw new SqlRefusal('LIKE with a pattern that is not a string literal', predicate.pattern.offset);
    let escape = this.features.likeEscape;
    if (predicate.escape !== undefined) {
      const given = this.operand(predicate.escape);
      if (given.kind !== 'constant' || given.value === null || [...given.value].length > 1) throw new SqlRefusal('an ESCAPE that is not one character', predicate.escape.offset);
      escape = given.value === '' ? null : given.value;
      // DuckDB reads a wildcard as its own escape in no way a rule can state: with ESCAPE
      // '%', 'a%%' matches "a" and "a%" but 'a%%b' only "a%b", and '%%' matches "" and "%".
      if (this.dialect === 'duckdb' && (escape === '%' || escape === '_')) throw new SqlRefusal(`ESCAPE '${escape}' (DuckDB reads a wildcard as its escape inconsistently)`, predicate.escape.offset);
    }
    if (pattern.value === null) return NULL_TRUTH;
    let text = pattern.value;
    let subject = operand;
    if (predicate.ignoreCase) {
      if (!this.features.ilike) throw new SqlRefusal(`ILIKE (not a ${this.dialect} operator)`, predicate.offset);
      if (subject.kind === 'field' && subject.fn !== undefined) throw new SqlRefusal(`ILIKE on ${subject.fn.toUpperCase()}`, predicate.offset);
      if (escape !== null && /[A-Za-z]/.test(escape)) throw new SqlRefusal('ILIKE with a letter as its escape character', predicate.offset);
      // ILIKE is LOWER(value) LIKE LOWER(pattern) in every dialect that has it.
      text = this.caseConstant(text, 'lower', predicate.pattern.offset);
      subject =
        subject.kind === 'constant'
          ? { ...subject, value: subject.value === null ? null : this.caseConstant(subject.value, 'lower', subject.offset) }
          : { ...subject, fn: 'lower', nullValue: subject.nullValue === null ? null : this.caseConstant(subject.nullValue, 'lower', subject.offset) };
    }
    const node = likeNode(text, escape, this.dialect, predicate.pattern.offset);
    const truth = this.stringTest(subject, { node, offset: predicate.offset, what: predicate.ignoreCase ? 'ILIKE' : 'LIKE' });
    return predicate.negated ? swap(truth) : truth;
  }

  private regex(predicate: Predicate & { kind: 'regex' }): Truth {
    const feature = this.features.regex[predicate.function];
    const shown = predicate.function.replace(' operator', '').toUpperCase();
    if (feature === undefined) throw new SqlRefusal(`${shown} (not a ${this.dialect} regex function or operator)`, predicate.offset);
    const operand = this.operand(predicate.value);
    const pattern = this.operand(predicate.pattern);
    if (pattern.kind !== 'constant') throw new SqlRefusal(`${shown} with a pattern that is not a string literal`, predicate.pattern.offset);
    let ignoreCase = feature.ignoreCase ?? false;
    if (predicate.flags !== undefined) {
      const flags = this.operand(predicate.flags);
      if (!feature.flags || flags.kind !== 'constant') throw new SqlRefusal(`${shown} with these arguments`, predicate.flags.offset);
      if (flags.value === null) {
        // No rules classify as a query that stops: refused, where a NULL result is imported as one.
        if (feature.nullFlagsFail) throw new SqlRefusal(`${shown} with NULL options (${this.dialect} stops the query: "Regex options field must not be NULL")`, predicate.flags.offset);
        return NULL_TRUTH;
      }
      for (const flag of flags.value) {
        if (flag === 'i') ignoreCase = true;
        else if (flag === 'c') ignoreCase = false;
        else throw new SqlRefusal(`the regex option "${flag}" (only "i" and "c" are imported)`, predicate.flags.offset);
      }
    }
    if (pattern.value === null) return NULL_TRUTH;
    if (pattern.value.length > MAX_PATTERN_LENGTH) {
      throw new SqlRefusal(`${FLAVOR_TITLE[this.features.regexFlavor]} pattern of ${pattern.value.length.toLocaleString('en-US')} characters: ${tooLongForRules()}`, predicate.pattern.offset);
    }
    let node: RegexNode;
    try {
      node = parseDialectRegex(pattern.value, { flavor: this.features.regexFlavor, ignoreCase, caseModel: this.caseModel });
    } catch (error) {
      if (error instanceof RegexRefusal) {
        throw new SqlRefusal(`${FLAVOR_TITLE[this.features.regexFlavor]} pattern ${JSON.stringify(pattern.value)}: ${error.message} (at character ${error.offset + 1} of the pattern)`, predicate.pattern.offset);
      }
      throw error;
    }
    const hazard = feature.likeRewrite === true ? likeRewriteHazard(pattern.value) : undefined;
    if (hazard !== undefined) {
      throw new SqlRefusal(
        `${FLAVOR_TITLE[this.features.regexFlavor]} pattern ${JSON.stringify(pattern.value)}: an anchor or empty group that ${this.dialect} drops where it runs ${shown} on a column as a LIKE (at character ${hazard + 1} of the pattern)`,
        predicate.pattern.offset,
      );
    }
    const truth = this.stringTest(operand, { node: anchored(node, feature.whole), offset: predicate.offset, what: shown });
    return predicate.negated ? swap(truth) : truth;
  }
}

const FULL: CodePointSet = [{ min: 0, max: 0x10ffff }];

/** Branches of a regex after a length-changing LOWER / UPPER, one rule condition each. */
const MAX_CASE_MAPPED_BRANCHES = 256;

function isAll(set: CodePointSet): boolean {
  return set.length === 1 && set[0]!.min === 0 && set[0]!.max === 0x10ffff;
}

const ANY_REPEAT: RegexNode = { kind: 'repeat', item: { kind: 'set', set: FULL }, min: 0, max: Infinity };

function literalNode(value: string, whole: boolean): RegexNode {
  const chars: RegexNode[] = [...value].map((char) => ({ kind: 'set', set: [{ min: char.codePointAt(0)!, max: char.codePointAt(0)! }] }));
  return whole ? seq([{ kind: 'start' }, ...chars, { kind: 'end' }]) : seq(chars);
}

/** A LIKE pattern as a node matching the whole value. */
function likeNode(pattern: string, escape: string | null, dialect: DialectName, offset: number): RegexNode {
  const items: RegexNode[] = [{ kind: 'start' }];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (escape !== null && char === escape) {
      const next = chars[i + 1];
      if (next === undefined) throw new SqlRefusal('a LIKE pattern ending in its escape character', offset);
      if (dialect !== 'postgres' && next !== '%' && next !== '_' && next !== escape) throw new SqlRefusal(`the LIKE escape of ${JSON.stringify(next)}`, offset);
      items.push(literalNode(next, false));
      i++;
    } else if (char === '%') items.push(ANY_REPEAT);
    else if (char === '_') items.push({ kind: 'set', set: FULL });
    else items.push(literalNode(char, false));
  }
  items.push({ kind: 'end' });
  return seq(items);
}

function evaluate(predicate: StringPredicate, value: string): boolean | null {
  if (predicate.list !== undefined) return predicate.list.includes(value) ? true : predicate.missIsNull ? null : false;
  const source = jsRegexSource(predicate.node!);
  return source !== null && new RegExp(source, 'u').test(value);
}

function mapSets(node: RegexNode, map: (set: CodePointSet) => CodePointSet): RegexNode {
  switch (node.kind) {
    case 'set': {
      const mapped = map(node.set);
      return isEmpty(mapped) ? { kind: 'never' } : { kind: 'set', set: mapped };
    }
    case 'seq':
      return seq(node.items.map((item) => mapSets(item, map)));
    case 'alt':
      return alt(node.options.map((option) => mapSets(option, map)));
    case 'repeat': {
      const item = mapSets(node.item, map);
      if (item.kind === 'never') return node.min === 0 ? EMPTY : item;
      return { ...node, item };
    }
    default:
      return node;
  }
}

interface Literal {
  literal: string;
  start: boolean;
  end: boolean;
}

/** A node that is literal text, maybe anchored at either end (`%` next to an anchor counts as no anchor). */
function literalShape(node: RegexNode): Literal | undefined {
  let items = node.kind === 'seq' ? [...node.items] : [node];
  let start = false;
  let end = false;
  if (items[0]?.kind === 'start') {
    items.shift();
    if (items[0] !== undefined && isAnyRepeat(items[0])) items.shift();
    else start = true;
  }
  if (items.at(-1)?.kind === 'end') {
    items.pop();
    if (items.length > 0 && isAnyRepeat(items.at(-1)!)) items.pop();
    else end = true;
  }
  let literal = '';
  for (const item of items) {
    if (item.kind !== 'set' || item.set.length !== 1 || item.set[0]!.min !== item.set[0]!.max) return undefined;
    literal += String.fromCodePoint(item.set[0]!.min);
  }
  return { literal, start, end };
}

/** `^[\s\S]*` and `[\s\S]*$` say nothing in a search: left out for readability. */
function trimAnyEdges(node: RegexNode): RegexNode {
  if (node.kind === 'alt') return alt(node.options.map(trimAnyEdges));
  if (node.kind !== 'seq') return node;
  const items = [...node.items];
  if (items[0]?.kind === 'start' && items[1] !== undefined && isAnyRepeat(items[1])) items.splice(0, 2);
  const n = items.length;
  if (n >= 2 && items[n - 1]!.kind === 'end' && isAnyRepeat(items[n - 2]!)) items.splice(n - 2, 2);
  return seq(items);
}

function isAnyRepeat(node: RegexNode): boolean {
  return node.kind === 'repeat' && node.min === 0 && node.max === Infinity && node.item.kind === 'set' && isAll(node.item.set);
}

/** Whether `mapped` matches the literal ignoring case (the language's case classes). */
function literalOf(mapped: RegexNode, literal: Literal): boolean {
  const items = (mapped.kind === 'seq' ? mapped.items : [mapped]).filter((item) => item.kind === 'set');
  const chars = [...literal.literal];
  if (items.length !== chars.length) return false;
  return chars.every((char, i) => {
    const expected = caseClassSet(char.codePointAt(0)!);
    const actual = (items[i] as { set: CodePointSet }).set;
    return expected.length === actual.length && expected.every((range, j) => range.min === actual[j]!.min && range.max === actual[j]!.max);
  });
}

function literalTest(field: string, literal: Literal, ignoreCase: boolean): Condition {
  const options = { ignoreCase };
  if (literal.start && literal.end) return test(field, 'equals', literal.literal, options);
  if (literal.literal === '') return test(field, 'isSet');
  if (literal.start) return test(field, 'startsWith', literal.literal, options);
  if (literal.end) return test(field, 'endsWith', literal.literal, options);
  return test(field, 'contains', literal.literal, options);
}

function plainTest(field: string, node: RegexNode): Condition | undefined {
  const literal = literalShape(node);
  return literal === undefined ? undefined : literalTest(field, literal, false);
}

/** The test `matches` the node's regex; refused, at the predicate, when the rules' checker would refuse it as too long. */
function regexTest(field: string, node: RegexNode, predicate: StringPredicate): Condition {
  const source = jsRegexSource(trimAnyEdges(node));
  if (source === null) return FALSE;
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new SqlRefusal(`${predicate.what} written as a regex of ${source.length.toLocaleString('en-US')} characters: ${tooLongForRules()}`, predicate.offset);
  }
  if (source === '' || source === '^[\\s\\S]*$' || source === '[\\s\\S]*') return test(field, 'isSet');
  return test(field, 'matches', source);
}
