// "Add a rule for this traffic…" (SPEC §9's unassigned patterns): a `when` that gives
// one pattern's events a channel, put at the FIRST place in the order where it takes
// nothing from another rule. Each candidate place is proved with the semantic diff
// (engine/diff): the edit is accepted only when the diff is complete and every move it
// finds goes from the `otherwise` channel (or none) to the chosen channel — so the new
// rule reaches the pattern's events and shadows no rule. The last candidate, a new
// block after the last rule, can only take events nobody classified, and is proved the
// same way.

import { parseChannels } from '../../grammar/parse';
import type { CancellationToken } from '../cancellation';
import type { CheckedRules, Rule } from '../check/checked-rules';
import { checkRules } from '../check/check-rules';
import { compileClassifier } from '../classify/compile-classifier';
import { diffRules, type RulesVersion } from '../diff/diff-rules';
import type { ChannelMove } from '../diff/rules-diff';
import { LineIndex } from '../text/line-index';
import { writeField } from './field-name-text';

/** An unassigned pattern: each grouped field's value, null for missing or null. */
export type TrafficFields = Record<string, string | null>;

export interface RuleForTraffic {
  /** The whole rules text with the rule added. */
  text: string;
  /** The same as one edit of the original text (UTF-16 offsets). */
  edit: { start: number; end: number; newText: string };
  /** 1-based line of the new `when` in the new text. */
  line: number;
  /** The condition as written. */
  condition: string;
  /** In an existing block of the channel, or a new `channel` block after the last rule. */
  placement: 'existing-block' | 'new-block';
  /** What the edit changes: moves from the otherwise channel (or none) to the channel, with examples. */
  moves: ChannelMove[];
}

export class RuleForTrafficError extends Error {}

const FORBIDDEN_CHANNELS = new Set(['', '(unclassified)', '(no touch)']);

/** How a field the pattern has as null (missing or null) is tested, in order of preference. */
type NullTest = 'is not set' | 'is missing' | 'is null';
const NULL_TESTS: readonly NullTest[] = ['is not set', 'is missing', 'is null'];
/** Beyond this many null fields only `is not set` is tried (each variant costs a diff). */
const MAX_NULL_VARIANT_FIELDS = 2;

/**
 * The conditions that hold for the pattern's field values, most general first: a
 * pattern's null stands for missing or null, so `is not set`; where that would take
 * another rule's events (`exists` holds for null), `is missing` or `is null`, when the
 * pattern's events in the other state (`rest`) are none (proposeRuleForTraffic proves it).
 */
export function trafficConditions(fields: TrafficFields): { condition: string; example: Record<string, string | null>; rest: string[] }[] {
  const entries = Object.entries(fields);
  if (entries.length === 0) {
    throw new RuleForTrafficError('the rules test none of utm_source, utm_medium, utm_campaign, referring_domain: write this rule by hand');
  }
  const written = new Map<string, string>();
  for (const [field] of entries) {
    const name = writeField(field);
    if (name === undefined) throw new RuleForTrafficError(`the field ${JSON.stringify(field)} holds a backtick, which no field name in a rule can hold`);
    written.set(field, name);
  }
  const nullFields = entries.filter(([, value]) => value === null).length;
  let variants: NullTest[][] = [[]];
  for (let k = 0; k < nullFields; k++) {
    const tests = nullFields <= MAX_NULL_VARIANT_FIELDS ? NULL_TESTS : NULL_TESTS.slice(0, 1);
    variants = variants.flatMap((variant) => tests.map((test) => [...variant, test]));
  }
  const nullOrdinal = new Map(entries.filter(([, value]) => value === null).map(([field], index) => [field, index]));
  const write = (tests: readonly NullTest[]) =>
    entries.map(([field, value]) => (value !== null ? `${written.get(field)!} = ${JSON.stringify(value)}` : `${written.get(field)!} ${tests[nullOrdinal.get(field)!]!}`)).join(' and ');
  return variants.map((variant) => {
    const example: Record<string, string | null> = {};
    for (const [field, value] of entries) {
      if (value !== null) example[field] = value;
      else if (variant[nullOrdinal.get(field)!] === 'is null') example[field] = null;
    }
    // The pattern's events this condition leaves out: a field it tests as missing that
    // is null, or as null that is missing (the others as the pattern has them).
    const rest = variant.flatMap((test, ordinal) => {
      if (test === 'is not set') return [];
      const other = variant.map((each, index): NullTest => (index === ordinal ? (test === 'is missing' ? 'is null' : 'is missing') : 'is not set'));
      return [write(other)];
    });
    return { condition: write(variant), example, rest };
  });
}

/** The most general condition for the pattern. */
export function trafficCondition(fields: TrafficFields): string {
  return trafficConditions(fields)[0]!.condition;
}

function version(text: string): RulesVersion & { checked: CheckedRules } {
  const checked = checkRules(parseChannels(text), text);
  return { text, checked, classifier: compileClassifier(checked) };
}

interface Candidate {
  offset: number;
  insert: string;
  placement: RuleForTraffic['placement'];
}

/** Where the rule could go, earliest first: after each block of the channel, then a new block after the last rule. */
function candidates(text: string, rules: readonly Rule[], channel: string, condition: string): Candidate[] {
  const lines = new LineIndex(text);
  const lineEnd = (offset: number) => {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const found: Candidate[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const next = rules[i + 1];
    const lastOfBlock = next === undefined || next.channelSpan.start !== rule.channelSpan.start;
    if (rule.channel !== channel || !lastOfBlock) continue;
    const indent = ' '.repeat(lines.position(rule.span.start).character);
    found.push({ offset: lineEnd(rule.span.end), insert: `${eol}${indent}when ${condition}`, placement: 'existing-block' });
  }
  const last = rules[rules.length - 1];
  const block = `channel ${JSON.stringify(channel)}${eol}  when ${condition}`;
  if (last === undefined) {
    const prefix = text === '' || text.endsWith('\n') ? '' : eol;
    found.push({ offset: text.length, insert: `${prefix}${block}${eol}`, placement: 'new-block' });
  } else {
    found.push({ offset: lineEnd(last.span.end), insert: `${eol}${eol}${block}`, placement: 'new-block' });
  }
  return found;
}

/**
 * The first place where a rule for `fields` giving `channel` moves only unassigned
 * events. Throws RuleForTrafficError when the rules have errors or no place is proved.
 */
export async function proposeRuleForTraffic(
  text: string,
  fields: TrafficFields,
  channel: string,
  options: { token?: CancellationToken } = {},
): Promise<RuleForTraffic> {
  if (FORBIDDEN_CHANNELS.has(channel)) throw new RuleForTrafficError(`"${channel}" cannot be a channel name`);
  const base = version(text);
  if (base.checked.skippedRules > 0) {
    throw new RuleForTrafficError('the rules file has errors; fix them first, so that the new rule can be placed exactly');
  }
  const conditions = trafficConditions(fields);
  const otherwise = base.checked.otherwise?.channel ?? null;
  let reason = '';
  // A condition that tests a null field as missing (or null) must leave out none of the
  // pattern's unassigned events: its other state must hold none. Proved as the rule is:
  // a rule for that state after the last rule (where only unassigned events can move) moves nothing.
  const leavesNone = new Map<string, Promise<boolean>>();
  const holdsNoUnassigned = (condition: string): Promise<boolean> => {
    let answer = leavesNone.get(condition);
    if (answer === undefined) {
      const last = candidates(text, base.checked.rules, channel, condition).at(-1)!;
      const probe = version(text.slice(0, last.offset) + last.insert + text.slice(last.offset));
      answer = diffRules(base, probe, options.token === undefined ? {} : { token: options.token }).then((diff) => diff.complete && diff.moves.length === 0);
      leavesNone.set(condition, answer);
    }
    return answer;
  };
  // Places first, then conditions: the earliest place wins, with the most general condition proved there.
  const HOLE = '\u0000';
  for (const place of candidates(text, base.checked.rules, channel, HOLE)) {
    for (const { condition, example, rest } of conditions) {
      const insert = place.insert.replace(HOLE, () => condition);
      const newText = text.slice(0, place.offset) + insert + text.slice(place.offset);
      const head = version(newText);
      if (head.checked.skippedRules > 0 || head.checked.rules.length !== base.checked.rules.length + 1) {
        reason = 'the new rule did not check';
        continue;
      }
      // The pattern's own events must get the channel.
      if (head.classifier.channelOf(head.classifier.classify(example)) !== channel) {
        reason = 'an earlier rule takes the pattern’s events';
        continue;
      }
      const diff = await diffRules(base, head, options.token === undefined ? {} : { token: options.token });
      if (!diff.complete) {
        reason = `the analysis could not decide every move (${diff.incomplete.join('; ')})`;
        continue;
      }
      if (diff.moves.some((move) => move.from !== otherwise && move.from !== null)) {
        reason = 'it would take events from other rules';
        continue;
      }
      let leftOut = false;
      for (const other of rest) if (!(await holdsNoUnassigned(other))) leftOut = true;
      if (leftOut) {
        reason = 'a condition that takes nothing from other rules there would leave some of the pattern’s events out';
        continue;
      }
      const added = head.checked.rules.find((rule) => rule.span.start >= place.offset)!;
      return {
        text: newText,
        edit: { start: place.offset, end: place.offset, newText: insert },
        line: added.line,
        condition,
        placement: place.placement,
        moves: diff.moves,
      };
    }
  }
  throw new RuleForTrafficError(`no place for the rule was proved: ${reason}`);
}
