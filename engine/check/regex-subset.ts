// Regexes of `matches` (SPEC §2.3): JavaScript syntax with the `u` flag, limited to
// what RE2 also has, so that the SQL compiled for BigQuery, DuckDB, … matches the same
// values. Parsing is @eslint-community/regexpp's; this file only decides what of the
// parsed pattern is outside the subset and says where. The subset is written down for
// users in docs/language.md ("Regular expressions").

import { RegExpSyntaxError, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import type { Span } from '../../grammar/syntax-tree';
import { LinearRegex, MAX_REGEX_STATES, RegexTooLargeError } from '../semantics/linear-regex';
import { parseRegexPattern } from '../semantics/regex-syntax';
import { maxOf } from '../collections/append-all';

export interface RegexProblem {
  message: string;
  /** Offsets into the pattern text (the body between the slashes). */
  start: number;
  end: number;
}

/**
 * RE2's limit on `{n}`, `{n,}` and `{n,m}` counts (re2/parse.cc, maximum_repeat_count),
 * and on the product of nested counts (its RepetitionWalker).
 */
export const MAX_REPEAT_COUNT = 1000;

/** The deepest nesting of groups (RE2 has no limit; this engine's parsers recurse per level). */
export const MAX_GROUP_DEPTH = 1000;

/**
 * The longest pattern, in UTF-16 code units (RE2 has no such limit; this engine's).
 * Parsing costs about 65 bytes a character, twice a check, and what the check builds
 * from a class grows with it: one class of 16 million characters, which a rules file
 * of 16 MiB can hold, took `check` to 3.6 GB. Within MAX_REGEX_STATES only classes make
 * a pattern this long.
 */
export const MAX_PATTERN_LENGTH = 100_000;

const known = new Map<string, readonly RegexProblem[]>();

/** Every problem of a pattern (with flags `u`, plus `i` when given), in pattern order. */
export function regexProblems(pattern: string): RegexProblem[] {
  // The checker runs on every edit, and a pattern's problems depend on its text alone.
  let problems = known.get(pattern);
  if (problems === undefined) {
    problems = findRegexProblems(pattern);
    if (known.size >= 1024) known.delete(known.keys().next().value!);
    known.set(pattern, problems);
  }
  return problems.map((problem) => ({ ...problem }));
}

function findRegexProblems(pattern: string): RegexProblem[] {
  const tooDeep = groupTooDeep(pattern);
  if (tooDeep !== undefined) {
    return [{ message: `groups nested more than ${MAX_GROUP_DEPTH} deep are not supported (this engine's limit)`, start: tooDeep, end: tooDeep + 1 }];
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return [
      {
        message: `this regex is too long: ${pattern.length.toLocaleString('en-US')} characters, over this engine's limit of ${MAX_PATTERN_LENGTH.toLocaleString('en-US')}`,
        start: 0,
        end: pattern.length,
      },
    ];
  }
  let ast: AST.Pattern;
  try {
    ast = parseRegexPattern(pattern);
  } catch (error) {
    if (!(error instanceof RegExpSyntaxError)) throw error;
    return [syntaxProblem(pattern, error)];
  }
  const problems: RegexProblem[] = [];
  const refuse = (node: AST.Node, message: string, span: Span = node) =>
    problems.push({ message, start: span.start, end: span.end });
  visitRegExpAST(ast, {
    onBackreferenceEnter(node) {
      refuse(node, 'backreferences are not supported (RE2 has none)');
    },
    onAssertionEnter(node) {
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
        refuse(node, `${node.kind === 'lookahead' ? 'lookahead' : 'lookbehind'} is not supported (RE2 has no lookaround)`);
      }
    },
    onCharacterSetEnter(node) {
      if (node.kind === 'property') {
        refuse(node, `Unicode property escapes like \`${node.raw}\` are not supported (their meaning differs between JavaScript and RE2)`);
      }
    },
    onCharacterClassEnter(node) {
      if (node.elements.length === 0) {
        refuse(
          node,
          node.negate
            ? '`[^]` is not supported (RE2 has no such class): write `[\\s\\S]` for any character'
            : '`[]` is not supported (it can never match, and RE2 has no empty class)',
        );
      }
    },
    onCapturingGroupEnter(node) {
      if (node.name !== null) {
        const nameEnd = node.start + 3 + node.name.length + 1; // `(?<name>`
        refuse(node, 'named groups are not supported: write `(…)` or `(?:…)`', { start: node.start, end: nameEnd });
      }
    },
    onModifiersEnter(node) {
      // From the group's `(` to the `:` after the flags.
      refuse(node, 'inline flags like `(?i:…)` are not supported: write `ignoring case` or the `i` flag', {
        start: node.parent.start,
        end: node.end + 1,
      });
    },
    onQuantifierEnter(node) {
      const count = Math.max(node.min, Number.isFinite(node.max) ? node.max : 0);
      if (count > MAX_REPEAT_COUNT) {
        refuse(node, `repeat counts above ${MAX_REPEAT_COUNT} are not supported (RE2's limit)`, {
          start: node.element.end,
          end: node.end,
        });
      }
    },
  });
  for (const { quantifier, product } of nestedRepeatsOverLimit(ast)) {
    refuse(
      quantifier,
      `nested repeat counts multiply to ${product.toLocaleString('en-US')} copies, above RE2's limit of ${MAX_REPEAT_COUNT} (RE2 refuses it: "invalid repetition size")`,
      { start: quantifier.element.end, end: quantifier.end },
    );
  }
  if (problems.length === 0) {
    try {
      // Its NFA, built from this tree, is the one the classifier and the analysis use.
      new LinearRegex(pattern, false, ast);
    } catch (error) {
      if (!(error instanceof RegexTooLargeError)) throw error;
      refuse(ast, `this regex is too large: over ${MAX_REGEX_STATES.toLocaleString('en-US')} states once its repeats are expanded`);
    }
  }
  return problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The offset of the first `(` nested deeper than MAX_GROUP_DEPTH, found before parsing:
 * the parsers (regexpp's, this engine's) recurse once per level.
 */
function groupTooDeep(pattern: string): number | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === ')') depth--;
    else if (char === '(' && ++depth > MAX_GROUP_DEPTH) return i;
  }
  return undefined;
}

/**
 * RE2's RepetitionWalker, exactly: a counted repeat `{n}`, `{n,}`, `{n,m}` stands for
 * m copies of what it repeats (n when unbounded; a count of 0 counts as 1), and along
 * every chain of nested counted repeats the copies multiply; RE2 refuses a product above
 * MAX_REPEAT_COUNT. `*`, `+` and `?` are not counted repeats in RE2. Each chain is
 * reported once, at the outermost quantifier whose inner chains are still within the
 * limit; counts that are over the limit on their own are reported by the caller.
 */
function nestedRepeatsOverLimit(ast: AST.Pattern): Array<{ quantifier: AST.Quantifier; product: number }> {
  const found: Array<{ quantifier: AST.Quantifier; product: number }> = [];
  /** The largest product of copies along a chain inside `node`, or Infinity once reported. */
  // maxOf, not Math.max(...): a pattern's elements are as many as its characters (200,000 overflowed the stack).
  const largestOf = (nodes: ReadonlyArray<AST.Element | AST.Alternative>): number => maxOf(nodes.map(largest), 1);
  const largest = (node: AST.Element | AST.Alternative | AST.Pattern): number => {
    switch (node.type) {
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        return largestOf(node.alternatives);
      case 'Alternative':
        return largestOf(node.elements);
      case 'Quantifier': {
        const inner = largest(node.element);
        if (inner === Infinity) return Infinity;
        if (!isCountedRepeat(node)) return inner;
        const copies = Number.isFinite(node.max) ? node.max : node.min;
        if (copies > MAX_REPEAT_COUNT) return Infinity;
        const product = inner * Math.max(copies, 1);
        if (product <= MAX_REPEAT_COUNT) return product;
        found.push({ quantifier: node, product });
        return Infinity;
      }
      default:
        return 1;
    }
  };
  largest(ast);
  return found;
}

/** Whether the quantifier is written with braces (RE2's kRegexpRepeat), not `*`, `+` or `?`. */
function isCountedRepeat(quantifier: AST.Quantifier): boolean {
  return quantifier.raw.endsWith('}') || quantifier.raw.endsWith('}?');
}

/** regexpp's message without its `Invalid regular expression: /…/u: ` prefix, at its index. */
function syntaxProblem(pattern: string, error: RegExpSyntaxError): RegexProblem {
  const message = error.message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
  const index = Math.min(Math.max(error.index, 0), pattern.length);
  if (index >= pattern.length) {
    // Something is missing at the end: mark the whole pattern (a zero-width range is hard to see).
    return { message: `${lowerFirst(message)}`, start: 0, end: pattern.length };
  }
  const width = pattern.codePointAt(index)! > 0xffff ? 2 : 1;
  // regexpp points after the backslash of a bad escape; the escape is `\` and what follows.
  const start = index > 0 && pattern[index - 1] === '\\' && /escape/i.test(message) ? index - 1 : index;
  return { message: lowerFirst(message), start, end: index + width };
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
