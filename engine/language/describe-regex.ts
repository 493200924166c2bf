// What a regex of a `matches` condition matches, in words (for hover). The regex
// syntax is parsed with regexpp; the description follows the engine's meaning of
// `matches` (the pattern is found anywhere in the value, SPEC §2.3): anchors and
// leading/trailing `.*` decide between "is exactly", "starts with", "ends with" and
// "contains".

import type { AST } from '@eslint-community/regexpp';
import { parseRegexPattern } from '../semantics/regex-syntax';
import { maxOf } from '../collections/append-all';

const MAX_ALTERNATIVES = 24;

/** Markdown, one line per alternative; undefined when the pattern does not parse. */
export function describeRegex(pattern: string, ignoreCase: boolean): string | undefined {
  let parsed: AST.Pattern;
  try {
    parsed = parseRegexPattern(pattern);
  } catch {
    return undefined;
  }
  const flat = flatten(parsed.alternatives.map((alternative) => alternative.elements));
  const cases = ignoreCase ? ' (ignoring case)' : '';
  if (flat === undefined) {
    const parts = parsed.alternatives.map((alternative) => describeAlternative(alternative.elements));
    return parts.length === 1 ? `Matches a value that ${parts[0]}${cases}.` : bullets(parts, cases);
  }
  const parts = dedupe(flat.map(describeAlternative));
  return parts.length === 1 ? `Matches a value that ${parts[0]}${cases}.` : bullets(parts, cases);
}

function bullets(parts: string[], cases: string): string {
  return [`Matches a value that${cases}, any one of:`, ...parts.map((part) => `- ${part}`)].join('\n');
}

function dedupe(parts: string[]): string[] {
  return [...new Set(parts)];
}

/**
 * Expands the groups that stand unquantified in an alternative into one alternative
 * per branch (`^(a|b)$` → `^a$`, `^b$`), as long as that stays small.
 */
function flatten(alternatives: AST.Element[][]): AST.Element[][] | undefined {
  let current = alternatives;
  for (let round = 0; round < 8; round++) {
    const next: AST.Element[][] = [];
    let expanded = false;
    for (const elements of current) {
      const index = elements.findIndex((element) => element.type === 'Group' || element.type === 'CapturingGroup');
      if (index < 0) {
        next.push(elements);
        continue;
      }
      expanded = true;
      const group = elements[index] as AST.Group | AST.CapturingGroup;
      for (const branch of group.alternatives) {
        next.push([...elements.slice(0, index), ...branch.elements, ...elements.slice(index + 1)]);
      }
    }
    if (next.length > MAX_ALTERNATIVES) return undefined;
    current = next;
    if (!expanded) return current;
  }
  return current;
}

function isAnything(element: AST.Element): boolean {
  return (
    element.type === 'Quantifier' &&
    element.min === 0 &&
    element.max === Number.POSITIVE_INFINITY &&
    element.element.type === 'CharacterSet' &&
    element.element.kind === 'any'
  );
}

function isEdge(element: AST.Element, kind: 'start' | 'end'): boolean {
  return element.type === 'Assertion' && element.kind === kind;
}

/** The alternative as "is exactly …", "starts with …", "ends with …" or "contains …". */
function describeAlternative(input: readonly AST.Element[]): string {
  const elements = [...input];
  // A leading run of `^` and `.*` is anchored when it ends in `^` (`.*^` matched nothing).
  let startAnchored = false;
  while (elements.length > 0 && (isEdge(elements[0]!, 'start') || isAnything(elements[0]!))) {
    startAnchored = isEdge(elements.shift()!, 'start');
  }
  let endAnchored = false;
  while (elements.length > 0 && (isEdge(elements[elements.length - 1]!, 'end') || isAnything(elements[elements.length - 1]!))) {
    endAnchored = isEdge(elements.pop()!, 'end');
  }
  if (elements.length === 0) {
    return startAnchored && endAnchored ? 'is empty' : 'is any string';
  }
  const literal = literalText(elements);
  if (literal !== undefined) {
    const quoted = code(JSON.stringify(literal));
    if (startAnchored && endAnchored) return `is exactly ${quoted}`;
    if (startAnchored) return `starts with ${quoted}`;
    if (endAnchored) return `ends with ${quoted}`;
    return `contains ${quoted}`;
  }
  const sequence = describeSequence(elements);
  if (startAnchored && endAnchored) return `consists of ${sequence}`;
  if (startAnchored) return `starts with ${sequence}`;
  if (endAnchored) return `ends with ${sequence}`;
  return `contains ${sequence}`;
}

function literalText(elements: readonly AST.Element[]): string | undefined {
  let text = '';
  for (const element of elements) {
    if (element.type !== 'Character') return undefined;
    text += String.fromCodePoint(element.value);
  }
  return text;
}

/** Consecutive characters merged into one quoted text, the rest described one by one. */
function describeSequence(elements: readonly AST.Element[]): string {
  const words: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') words.push(code(JSON.stringify(text)));
    text = '';
  };
  for (const element of elements) {
    if (element.type === 'Character') {
      text += String.fromCodePoint(element.value);
      continue;
    }
    flush();
    words.push(describeElement(element));
  }
  flush();
  return words.join(', then ');
}

function describeElement(element: AST.Element): string {
  switch (element.type) {
    case 'Character':
      return code(JSON.stringify(String.fromCodePoint(element.value)));
    case 'CharacterSet':
      return describeSet(element);
    case 'CharacterClass':
      return describeClass(element);
    case 'ExpressionCharacterClass':
      return `a character of ${code(element.raw)}`;
    case 'Group':
    case 'CapturingGroup': {
      const branches = element.alternatives.map((alternative) => describeSequenceOrEmpty(alternative.elements));
      return branches.length === 1 ? `(${branches[0]})` : `one of (${branches.join(' | ')})`;
    }
    case 'Quantifier':
      return describeQuantifier(element);
    case 'Assertion':
      switch (element.kind) {
        case 'start':
          return 'the start of the value';
        case 'end':
          return 'the end of the value';
        case 'word':
          return element.negate ? 'a place that is not a word boundary' : 'a word boundary';
        default:
          return code(element.raw);
      }
    case 'Backreference':
      return code(element.raw);
  }
}

function describeSequenceOrEmpty(elements: readonly AST.Element[]): string {
  return elements.length === 0 ? 'nothing' : describeSequence(elements);
}

function describeQuantifier(quantifier: AST.Quantifier): string {
  const { min, max } = quantifier;
  const inner = quantifier.element;
  if (inner.type === 'CharacterSet' && inner.kind === 'any') {
    if (min === 0 && max === Number.POSITIVE_INFINITY) return 'anything';
    if (min === 1 && max === Number.POSITIVE_INFINITY) return 'at least one character';
  }
  const what = describeElement(inner);
  if (min === 0 && max === 1) return `optionally ${what}`;
  if (min === 0 && max === Number.POSITIVE_INFINITY) return `any number of ${what}`;
  if (min === 1 && max === Number.POSITIVE_INFINITY) return `one or more of ${what}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} of ${what}`;
  if (min === max) return `${min} of ${what}`;
  return `${min} to ${max} of ${what}`;
}

function describeSet(set: AST.CharacterSet): string {
  switch (set.kind) {
    case 'any':
      return 'any character';
    case 'digit':
      return set.negate ? 'a character that is not a digit' : 'a digit';
    case 'space':
      return set.negate ? 'a character that is not white space' : 'a white-space character';
    case 'word':
      return set.negate ? 'a character that is not a letter, digit or `_`' : 'a letter, digit or `_`';
    case 'property':
      return `${set.negate ? 'a character without' : 'a character with'} the Unicode property ${code(set.value === null ? set.key : `${set.key}=${set.value}`)}`;
  }
}

function describeClass(characterClass: AST.CharacterClass): string {
  const items = characterClass.elements.map((element) => {
    switch (element.type) {
      case 'Character':
        return code(String.fromCodePoint(element.value));
      case 'CharacterClassRange':
        return `${code(String.fromCodePoint(element.min.value))}–${code(String.fromCodePoint(element.max.value))}`;
      case 'CharacterSet':
        return describeSet(element);
      default:
        return code(element.raw);
    }
  });
  const list = items.length <= 1 ? (items[0] ?? 'nothing') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
  return characterClass.negate ? `a character other than ${list}` : items.length === 1 ? list : `one of ${list}`;
}

/** A Markdown code span that holds any text, backticks included. */
export function code(text: string): string {
  const longest = maxOf(Array.from(text.matchAll(/`+/g), (match) => match[0].length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
