// Rules added, removed, changed and moved between two versions of a rules file.
//
// 1. Rules are matched by identity (./rule-identity: channel + normalized condition),
//    then the remaining ones of one channel by meaning: two conditions the region
//    model proves equal (both ways covered, within a step budget) are the same rule.
//    Repeated identities are matched in order.
// 2. Of the matched pairs, a longest run whose order both versions keep (a longest
//    increasing subsequence) stays put; every other matched pair is `moved`.
// 3. Unmatched rules between the same two kept rules (the same "gap") are paired as
//    `changed`: first rules of one channel, in order, then rules whose condition is
//    the same under another channel. What is left is `removed` or `added`.

import type { CheckedRules, Rule } from '../check/checked-rules';
import { Budget, BudgetExceeded, type Coverer, type Region, type RegionSpace } from '../analysis/regions';
import { normalizedConditionKey, ruleIdentity } from './rule-identity';
import type { RuleChanges, RulePair, RuleRef } from './rules-diff';

export interface RuleVersionText {
  checked: CheckedRules;
  text: string;
}

export interface RuleMatching {
  changes: RuleChanges;
  /** Head rule index → its base counterpart (kept, moved or changed). */
  baseOf: Map<number, number>;
}

export function compareRules(
  base: RuleVersionText,
  head: RuleVersionText,
  space: RegionSpace,
  maxStepsPerQuestion: number,
): RuleMatching {
  const baseRules = base.checked.rules;
  const headRules = head.checked.rules;
  const baseRef = (rule: Rule) => ruleRef('base', rule, base.text);
  const headRef = (rule: Rule) => ruleRef('head', rule, head.text);

  // 1. Matching: identical first, then equal in meaning.
  const baseIds = baseRules.map(ruleIdentity);
  const headIds = headRules.map(ruleIdentity);
  const matchOfBase = new Map<number, number>();
  const matchOfHead = new Map<number, number>();
  const waiting = new Map<string, number[]>();
  baseIds.forEach((id, index) => {
    const queue = waiting.get(id);
    if (queue === undefined) waiting.set(id, [index]);
    else queue.push(index);
  });
  headIds.forEach((id, index) => {
    const queue = waiting.get(id);
    const baseIndex = queue?.shift();
    if (baseIndex === undefined) return;
    matchOfBase.set(baseIndex, index);
    matchOfHead.set(index, baseIndex);
  });
  const equivalent = new EquivalenceTest(space, maxStepsPerQuestion);
  for (let h = 0; h < headRules.length; h++) {
    if (matchOfHead.has(h)) continue;
    for (let b = 0; b < baseRules.length; b++) {
      if (matchOfBase.has(b) || baseRules[b]!.channel !== headRules[h]!.channel) continue;
      if (!equivalent.same(baseRules[b]!, headRules[h]!)) continue;
      matchOfBase.set(b, h);
      matchOfHead.set(h, b);
      break;
    }
  }

  // 2. Kept order: a longest increasing subsequence of head indexes in base order.
  const matched = [...matchOfBase.entries()].sort((a, b) => a[0] - b[0]);
  const kept = new Set(longestIncreasing(matched.map(([, h]) => h)).map((position) => matched[position]![0]));
  const moved: RulePair[] = [];
  for (const [b, h] of matched) if (!kept.has(b)) moved.push({ base: baseRef(baseRules[b]!), head: headRef(headRules[h]!) });
  moved.sort((x, y) => x.head.index - y.head.index);

  // 3. Gaps between kept rules; unmatched rules of one gap may be the same rule edited.
  const keptBase = [...kept].sort((a, b) => a - b);
  const keptHead = keptBase.map((b) => matchOfBase.get(b)!);
  const gapOf = (anchors: number[], index: number): number => {
    let gap = 0;
    while (gap < anchors.length && anchors[gap]! < index) gap++;
    return gap;
  };
  const baseLeft = baseRules.filter((rule) => !matchOfBase.has(rule.index));
  const headLeft = headRules.filter((rule) => !matchOfHead.has(rule.index));
  const changed: RulePair[] = [];
  const pairedBase = new Set<number>();
  const pairedHead = new Set<number>();
  const baseOf = new Map<number, number>(matchOfHead);
  const pairWhere = (same: (b: Rule, h: Rule) => boolean): void => {
    for (const h of headLeft) {
      if (pairedHead.has(h.index)) continue;
      const gap = gapOf(keptHead, h.index);
      const b = baseLeft.find((candidate) => !pairedBase.has(candidate.index) && gapOf(keptBase, candidate.index) === gap && same(candidate, h));
      if (b === undefined) continue;
      pairedBase.add(b.index);
      pairedHead.add(h.index);
      baseOf.set(h.index, b.index);
      changed.push({ base: baseRef(b), head: headRef(h) });
    }
  };
  pairWhere((b, h) => b.channel === h.channel);
  pairWhere((b, h) => normalizedConditionKey(b.condition) === normalizedConditionKey(h.condition));
  changed.sort((x, y) => x.head.index - y.head.index);

  const changes: RuleChanges = {
    added: headLeft.filter((rule) => !pairedHead.has(rule.index)).map(headRef),
    removed: baseLeft.filter((rule) => !pairedBase.has(rule.index)).map(baseRef),
    changed,
    moved,
  };
  const baseOtherwise = base.checked.otherwise?.channel ?? null;
  const headOtherwise = head.checked.otherwise?.channel ?? null;
  if (baseOtherwise !== headOtherwise) changes.otherwise = { base: baseOtherwise, head: headOtherwise };
  return { changes, baseOf };
}

/** Whether two conditions have the same region; undecided (budget) counts as different. */
class EquivalenceTest {
  constructor(
    private readonly space: RegionSpace,
    private readonly maxSteps: number,
  ) {}

  same(a: Rule, b: Rule): boolean {
    try {
      const regionA = this.space.ruleRegion(a);
      const regionB = this.space.ruleRegion(b);
      return this.within(regionA, regionB) && this.within(regionB, regionA);
    } catch (error) {
      if (error instanceof BudgetExceeded) return false;
      throw error;
    }
  }

  private within(region: Region, outer: Region): boolean {
    const coverers: Coverer[] = outer.map((box) => ({ box, owner: 0 }));
    const budget = new Budget(this.maxSteps);
    // The boxes and value sets the question builds are charged to it too, not only its box subtractions.
    this.space.meter = budget;
    try {
      return this.space.cover(region, coverers, budget).kind === 'covered';
    } finally {
      this.space.meter = undefined;
    }
  }
}

/** Positions of a longest strictly increasing subsequence (patience sorting). */
export function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < values[i]!) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const result: number[] = [];
  for (let at = tails.length > 0 ? tails[tails.length - 1]! : -1; at >= 0; at = previous[at]!) result.push(at);
  return result.reverse();
}

const MAX_RULE_TEXT = 160;

export function ruleRef(version: 'base' | 'head', rule: Rule, text: string): RuleRef {
  let clause = withoutComments(text.slice(rule.span.start, rule.span.end)).replace(/\s+/g, ' ').trim();
  if (clause.length > MAX_RULE_TEXT) clause = `${clause.slice(0, MAX_RULE_TEXT - 1)}…`;
  return { version, index: rule.index, channel: rule.channel, line: rule.line, span: rule.span, text: clause };
}

/** The clause without `#` comments (a `#` inside a string, a quoted name or a regex is kept). */
function withoutComments(clause: string): string {
  let result = '';
  let i = 0;
  while (i < clause.length) {
    const char = clause[i]!;
    if (char === '#') {
      while (i < clause.length && clause[i] !== '\n') i++;
      continue;
    }
    const regexStart = char === '/' && /\bmatches\s*$/.test(result);
    if (char === '"' || char === '`' || regexStart) {
      const close = regexStart ? '/' : char;
      let end = i + 1;
      while (end < clause.length && clause[end] !== close && clause[end] !== '\n') end += char !== '`' && clause[end] === '\\' ? 2 : 1;
      result += clause.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    result += char;
    i++;
  }
  return result;
}
