// Syntax tree → CheckedRules (SPEC §2.3, §2.4): lists resolved wherever they are
// declared, case modes applied, regexes held to the RE2-shared subset, every
// condition reduced to a ValueTest by valueTestFor (the one definition of what an
// operator means), and the checker's diagnostics with exact spans. A `when` that is
// incomplete or has an error is left out of `rules` and counted in `skippedRules`.

import type {
  Condition,
  Expectation,
  Expression,
  ListDeclaration,
  ParseResult,
  RegexLiteral,
  Span,
  StringLiteral,
} from '../../grammar/syntax-tree';
import { commentsKept } from '../../grammar/comments-kept';
import { spacedReplacement } from '../../grammar/token-joins';
import { DEFAULT_SEVERITY, compareDiagnostics, type Diagnostic, type DiagnosticCode, type RelatedInformation } from '../diagnostics';
import { foldCase } from '../semantics/case-fold';
import { valueTestFor, type FieldValue, type Operand } from '../semantics/value-test';
import { LineIndex } from '../text/line-index';
import type { CheckedExpectation, CheckedList, CheckedRules, Rule, RuleCondition } from './checked-rules';
import { regexProblems } from './regex-subset';

/** Channel names that would read as something else in reports (SPEC §2.3 "Contradictions"). */
export const RESERVED_CHANNEL_NAMES: readonly string[] = ['', '(unclassified)', '(no touch)'];

/** Values that reports and exports show for "no value", which raw events do not hold (SPEC §2.4). */
export const PLACEHOLDER_VALUES: readonly string[] = ['(none)', '(not set)', '(direct)', 'EMPTY', 'null', ''];

export function checkRules(parsed: ParseResult, text: string): CheckedRules {
  return new Checker(parsed, text).run();
}

interface ListUse {
  ignoreCase: boolean;
}

class Checker {
  private readonly lines: LineIndex;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly caseInsensitive: boolean;
  private readonly lists = new Map<string, CheckedList>();
  private readonly listDeclarations = new Map<string, ListDeclaration>();
  private readonly listUses = new Map<string, ListUse[]>();

  constructor(
    private readonly parsed: ParseResult,
    private readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    this.caseInsensitive = parsed.tree.caseInsensitive !== undefined;
  }

  run(): CheckedRules {
    const statements = this.parsed.tree.statements;
    for (const statement of statements) if (statement.kind === 'list') this.declareList(statement);

    const rules: Rule[] = [];
    const channels: string[] = [];
    const expectations: CheckedExpectation[] = [];
    let otherwise: CheckedRules['otherwise'];
    let firstOtherwise: Span | undefined;
    let skippedRules = 0;
    // In order of first appearance; the set keeps thousands of channels linear.
    const seenChannels = new Set<string>();
    const addChannel = (name: string) => {
      if (seenChannels.has(name)) return;
      seenChannels.add(name);
      channels.push(name);
    };

    for (let statementIndex = 0; statementIndex < statements.length; statementIndex++) {
      const statement = statements[statementIndex]!;
      switch (statement.kind) {
        case 'channel': {
          const name = statement.name;
          const valid = name !== undefined && this.validChannelName(name);
          if (valid) addChannel(name.value);
          for (let whenIndex = 0; whenIndex < statement.rules.length; whenIndex++) {
            const when = statement.rules[whenIndex]!;
            // A `when` reaches up to what follows it: the parser may end its span before
            // the token it stumbled on (`when foo is not missing` recovers as `is not
            // [set]`, with the error on `missing`), and such a `when` is broken too.
            const next = statement.rules[whenIndex + 1]?.span.start ?? statements[statementIndex + 1]?.span.start ?? this.text.length;
            const condition = when.condition === undefined ? undefined : this.convert(when.condition);
            if (!valid || condition === undefined || this.hasSyntaxError({ start: when.span.start, end: Math.max(when.span.end, next) })) {
              skippedRules++;
              continue;
            }
            rules.push({
              index: rules.length,
              channel: name.value,
              condition,
              span: when.span,
              channelSpan: name.span,
              line: this.lines.lineNumber(when.keyword.start),
            });
          }
          break;
        }
        case 'otherwise': {
          if (firstOtherwise !== undefined) {
            // The parser may already say so; say it once.
            if (this.hasSyntaxError(statement.span)) break;
            this.report('duplicate-otherwise', statement.span, 'only one `otherwise` is allowed; this one would never apply', [
              { span: firstOtherwise, message: 'the first `otherwise`' },
            ]);
            break;
          }
          firstOtherwise = statement.span;
          if (statement.name !== undefined && this.validChannelName(statement.name)) {
            otherwise = {
              channel: statement.name.value,
              span: statement.span,
              line: this.lines.lineNumber(statement.keyword.start),
            };
            addChannel(statement.name.value);
          }
          break;
        }
        case 'expect': {
          const expectation = this.checkExpectation(statement);
          if (expectation !== undefined) expectations.push(expectation);
          break;
        }
        case 'list':
          break;
      }
    }
    this.checkListValues();

    // A Set, not `includes`: a rule can test 10,000 fields.
    const fields = new Set<string>();
    const collect = (condition: RuleCondition): void => {
      if (condition.kind === 'test') {
        fields.add(condition.field);
      } else if (condition.kind === 'not') collect(condition.operand);
      else condition.operands.forEach(collect);
    };
    for (const rule of rules) collect(rule.condition);

    return {
      caseInsensitive: this.caseInsensitive,
      rules,
      otherwise,
      channels,
      lists: this.lists,
      expectations,
      fields: [...fields],
      skippedRules,
      diagnostics: this.diagnostics.sort(compareDiagnostics),
    };
  }

  // ---- lists ------------------------------------------------------------------------

  private declareList(declaration: ListDeclaration): void {
    const name = declaration.name;
    if (name === undefined) return;
    const first = this.lists.get(name.name);
    if (first !== undefined) {
      this.report('duplicate-list', name.span, `a list named \`${name.name}\` is already declared`, [
        { span: first.nameSpan, message: `\`${name.name}\` is first declared here` },
      ]);
      return;
    }
    this.lists.set(name.name, {
      name: name.name,
      values: declaration.values.map((value) => value.value),
      span: declaration.span,
      nameSpan: name.span,
    });
    this.listDeclarations.set(name.name, declaration);
  }

  /**
   * Repeated and placeholder values in list declarations. A list's values are
   * compared ignoring case only when every use of the list ignores case (each use's
   * mode already says whether `matching case` overrides `case insensitive`): one
   * case-sensitive use tells "abc" from "ABC", and removing either would move its
   * events. A list no rule uses is compared as a use without a modifier would be.
   */
  private checkListValues(): void {
    for (const [name, declaration] of this.listDeclarations) {
      const uses = this.listUses.get(name) ?? [];
      const ignoreCase = uses.length === 0 ? this.caseInsensitive : uses.every((use) => use.ignoreCase);
      this.reportRepeatedValues(declaration.values, ignoreCase, `list \`${name}\``);
      for (const value of declaration.values) {
        if (isPlaceholder(value.value, ignoreCase)) {
          this.report(
            'placeholder-value',
            value.span,
            `${placeholderPhrase(value)}: raw events usually lack the field rather than hold it; did you mean \`is not set\`?`,
            undefined,
            { placeholder: value.value, list: name },
          );
        }
      }
    }
  }

  private reportRepeatedValues(values: readonly StringLiteral[], ignoreCase: boolean, where: string): void {
    const seen = new Map<string, StringLiteral>();
    values.forEach((value, position) => {
      const key = ignoreCase ? foldCase(value.value) : value.value;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, value);
        return;
      }
      const sameText = first.value === value.value;
      const message = sameText
        ? `${value.raw} is already in ${where}`
        : `${value.raw} is already in ${where} as ${first.raw} (equal ignoring case)`;
      // Removing the value and the comma before it leaves the list well-formed.
      const removeStart = values[position - 1]!.span.end;
      this.report('duplicate-value', value.span, message, [{ span: first.span, message: `first ${first.raw}` }], {
        value: value.value,
        remove: { start: removeStart, end: value.span.end },
      });
    });
  }

  // ---- rules ------------------------------------------------------------------------

  private validChannelName(name: StringLiteral): boolean {
    if (!RESERVED_CHANNEL_NAMES.includes(name.value)) return true;
    const why =
      name.value === ''
        ? 'a channel needs a name'
        : `${name.raw} is what reports show for ${name.value === '(unclassified)' ? 'events without a channel' : 'conversions without a touch'}`;
    this.report('invalid-channel-name', name.span, `${name.raw} cannot be a channel name: ${why}`);
    return false;
  }

  /** The checked form of an expression, or undefined when any part is missing or wrong (every part is still checked). */
  private convert(expression: Expression): RuleCondition | undefined {
    switch (expression.kind) {
      case 'paren':
        return expression.expression === undefined ? undefined : this.convert(expression.expression);
      case 'not': {
        const operand = expression.operand === undefined ? undefined : this.convert(expression.operand);
        return operand === undefined ? undefined : { kind: 'not', operand, span: expression.span };
      }
      case 'and':
      case 'or': {
        const operands = expression.operands.map((operand) => this.convert(operand));
        if (operands.length === 0 || operands.some((operand) => operand === undefined)) return undefined;
        return { kind: expression.kind, operands: operands as RuleCondition[], span: expression.span };
      }
      case 'condition':
        return this.convertCondition(expression);
    }
  }

  private convertCondition(condition: Condition): RuleCondition | undefined {
    const modifier = condition.caseModifier;
    let ignoreCase = modifier === undefined ? this.caseInsensitive : modifier.mode === 'ignoring';
    const operand = condition.operand;
    let resolved: Operand;
    let complete = true;
    switch (condition.operator) {
      case 'equals':
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if (operand?.kind !== 'string') return undefined;
        resolved = { kind: 'string', value: operand.value };
        if (condition.operator === 'equals') this.checkPlaceholders(condition, [operand], ignoreCase);
        break;
      case 'in':
        if (operand?.kind === 'identifier') {
          const list = this.lists.get(operand.name);
          if (list === undefined) {
            this.reportUnknownList(operand.name, operand.span);
            return undefined;
          }
          const uses = this.listUses.get(operand.name) ?? [];
          uses.push({ ignoreCase });
          this.listUses.set(operand.name, uses);
          resolved = { kind: 'strings', values: list.values };
        } else if (operand?.kind === 'list-literal') {
          resolved = { kind: 'strings', values: operand.values.map((value) => value.value) };
          this.reportRepeatedValues(operand.values, ignoreCase, 'this list');
          this.checkPlaceholders(condition, operand.values, ignoreCase);
        } else {
          return undefined;
        }
        break;
      case 'matches': {
        if (operand?.kind !== 'regex') return undefined;
        complete = this.checkRegex(operand);
        if (operand.flags === 'i') {
          if (modifier?.mode === 'matching') {
            this.report(
              'conflicting-case',
              modifier.span,
              'the regex flag `i` ignores case, which contradicts `matching case`: remove one of them',
              [{ span: { start: operand.span.end - 1, end: operand.span.end }, message: 'the `i` flag' }],
            );
            complete = false;
          }
          ignoreCase = true;
        }
        resolved = { kind: 'regex', pattern: operand.pattern };
        break;
      }
      default:
        resolved = { kind: 'none' };
    }
    if (!complete) return undefined;
    return {
      kind: 'test',
      field: condition.field.name,
      test: valueTestFor(condition.operator, condition.negated, resolved, ignoreCase),
      span: condition.span,
    };
  }

  private reportUnknownList(name: string, span: Span): void {
    const suggestion = closestName(name, [...this.lists.keys()]);
    const hint = suggestion === undefined ? '' : `; did you mean \`${suggestion}\`?`;
    this.report('unknown-list', span, `no list named \`${name}\` is declared${hint}`, undefined, suggestion === undefined ? undefined : { suggestion });
  }

  /** Reports what is wrong with a regex literal; true when it may be used. */
  private checkRegex(regex: RegexLiteral): boolean {
    // The parser has said it once; what the unclosed regex took is not a pattern to check.
    if (regex.unterminated === true) return false;
    const patternStart = regex.span.start + 1;
    let usable = true;
    for (const problem of regexProblems(regex.pattern)) {
      this.report('bad-regex', { start: patternStart + problem.start, end: patternStart + problem.end }, problem.message);
      usable = false;
    }
    if (regex.flags !== '' && regex.flags !== 'i') {
      const flagsSpan = { start: regex.span.end - regex.flags.length, end: regex.span.end };
      // The parser already names a bad flag as a syntax error; say it once.
      if (!this.hasSyntaxError(flagsSpan)) {
        this.report('bad-regex', flagsSpan, 'only the `i` flag (ignore case) is allowed');
      }
      usable = false;
    }
    if (usable) {
      try {
        new RegExp(regex.pattern, regex.flags === 'i' ? 'iu' : 'u');
      } catch (error) {
        // The subset is checked with regexpp; this engine may still refuse a pattern.
        this.report('bad-regex', { start: patternStart, end: patternStart + regex.pattern.length }, (error as Error).message);
        usable = false;
      }
    }
    return usable;
  }

  private checkPlaceholders(condition: Condition, values: readonly StringLiteral[], ignoreCase: boolean): void {
    const placeholders = values.filter((value) => isPlaceholder(value.value, ignoreCase));
    if (placeholders.length === 0) return;
    const fieldText = this.text.slice(condition.field.span.start, condition.field.span.end);
    const replacement = this.placeholderReplacement(condition, fieldText, values, placeholders);
    const kept = commentsKept(this.text, this.parsed, condition.span);
    const suggested = condition.negated ? `${fieldText} is set` : `${fieldText} is not set`;
    for (const value of placeholders) {
      this.report(
        'placeholder-value',
        value.span,
        `${placeholderPhrase(value)}: raw events usually lack the field rather than hold it; did you mean \`${suggested}\`?`,
        undefined,
        {
          placeholder: value.value,
          field: condition.field.name,
          replace: { start: condition.span.start, end: condition.span.end },
          // Apart from a token the condition touches (`g="(none)"or`: `is not set or`), and
          // after the comments written inside the condition (`f in # why` ⏎ `[…]`), kept.
          newText: spacedReplacement(this.text, condition.span, kept + replacement),
          replacement,
        },
      );
    }
  }

  /** The condition rewritten with `is (not) set` in place of every placeholder value. */
  private placeholderReplacement(
    condition: Condition,
    fieldText: string,
    values: readonly StringLiteral[],
    placeholders: readonly StringLiteral[],
  ): string {
    const state = condition.negated ? `${fieldText} is set` : `${fieldText} is not set`;
    const rest = values.filter((value) => !placeholders.includes(value));
    if (rest.length === 0) return state;
    const modifier = condition.caseModifier === undefined ? '' : ` ${this.text.slice(condition.caseModifier.span.start, condition.caseModifier.span.end)}`;
    const list = `[${rest.map((value) => value.raw).join(', ')}]`;
    return condition.negated
      ? `(${state} and ${fieldText} not in ${list}${modifier})`
      : `(${state} or ${fieldText} in ${list}${modifier})`;
  }

  // ---- expectations -----------------------------------------------------------------

  private checkExpectation(expectation: Expectation): CheckedExpectation | undefined {
    let complete = expectation.channel !== undefined && !this.hasSyntaxError(expectation.span);
    const event: Record<string, FieldValue> = {};
    const firstPair = new Map<string, Span>();
    for (const pair of expectation.pairs) {
      if (pair.field === undefined || pair.value === undefined) {
        complete = false;
        continue;
      }
      const name = pair.field.name;
      const first = firstPair.get(name);
      if (first !== undefined) {
        this.report('duplicate-field', pair.field.span, `\`${name}\` is already given a value in this event`, [
          { span: first, message: `first value of \`${name}\`` },
        ]);
        complete = false;
        continue;
      }
      firstPair.set(name, pair.field.span);
      Object.defineProperty(event, name, {
        value: pair.value.kind === 'null' ? null : pair.value.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (!complete || expectation.channel === undefined) return undefined;
    return {
      channel: expectation.channel.kind === 'unclassified' ? null : expectation.channel.value,
      event,
      span: expectation.span,
    };
  }

  // ---- helpers ------------------------------------------------------------------------

  /** Whether the parser reported an error inside the span (or just at its end, for what is missing there). */
  private hasSyntaxError(span: Span): boolean {
    return this.parsed.errors.some(
      (error) =>
        error.span.start >= span.start &&
        (error.span.start < span.end || (error.span.start === span.end && error.span.end === span.end)),
    );
  }

  private report(
    code: DiagnosticCode,
    span: Span,
    message: string,
    related?: RelatedInformation[],
    data?: Record<string, unknown>,
  ): void {
    const diagnostic: Diagnostic = { code, severity: DEFAULT_SEVERITY[code], message, span };
    if (related !== undefined) diagnostic.related = related;
    if (data !== undefined) diagnostic.data = data;
    this.diagnostics.push(diagnostic);
  }
}

function isPlaceholder(value: string, ignoreCase: boolean): boolean {
  if (PLACEHOLDER_VALUES.includes(value)) return true;
  if (!ignoreCase) return false;
  const folded = foldCase(value);
  return PLACEHOLDER_VALUES.some((placeholder) => foldCase(placeholder) === folded);
}

function placeholderPhrase(value: StringLiteral): string {
  return value.value === '' ? 'comparison with the empty string ""' : `comparison with the placeholder ${value.raw}`;
}

/** The declared name closest to a misspelt one (edit distance at most 2), if any. */
function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance && distance < Math.max(name.length, candidate.length)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
