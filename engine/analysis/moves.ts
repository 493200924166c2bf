// Where two rule lists classify events differently: for every (old channel → new
// channel) pair that some possible event takes, one example event, confirmed by both
// compiled classifiers. This is the semantic diff's core (SPEC §7.4 `moves`); the
// list is empty exactly when the two lists classify every possible event alike —
// unless `undecided` is not empty, in which case some pairs could not be decided
// within the limits and the list may miss them.
//
// Each list's outcomes partition the events: rule i takes its region minus the
// regions of the rules before it, and `otherwise` (or "unclassified") takes the rest.
// An event moves from outcome a to outcome b when it is in a's region and b's region
// and in none of the rules before a (in the old list) or before b (in the new one):
// one coverage question per pair, answered on a RegionSpace shared by both lists.

import type { CheckedRules, Rule } from '../check/checked-rules';
import type { Classifier } from '../classify/classifier';
import { OTHERWISE, UNCLASSIFIED } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { createYielder, NEVER_CANCELLED, type CancellationToken } from '../cancellation';
import { DEFAULT_ANALYSIS_LIMITS, type AnalysisLimits } from './analyze-rules';
import { Budget, BudgetExceeded, RegionSpace, type Coverer, type ExampleValues, type Region } from './regions';

export interface ClassificationMove {
  /** The old channel (null: unclassified). */
  from: string | null;
  /** The new channel (null: unclassified). */
  to: string | null;
  /** An event the old rules give `from` and the new rules give `to` (missing fields left out). */
  example: ExampleValues;
  /** The old rule that classifies the example: its index, or OTHERWISE / UNCLASSIFIED. */
  fromRule: number;
  /** The new rule that classifies the example: its index, or OTHERWISE / UNCLASSIFIED. */
  toRule: number;
}

export interface MovesResult {
  moves: ClassificationMove[];
  /** Pairs of outcomes that could not be decided within the limits, in words. */
  undecided: string[];
}

export interface MovesOptions {
  token?: CancellationToken;
  limits?: Partial<AnalysisLimits>;
}

interface Outcome {
  /** Rule index, or OTHERWISE / UNCLASSIFIED for the rest. */
  rule: number;
  channel: string | null;
  region: Region;
  /** The boxes of the rules before this outcome. */
  before: Coverer[];
  describe: string;
}

/** Owners of the new list's coverers are offset so that they never equal an old rule's index. */
const HEAD_OWNER = 1_000_000;

export async function findMoves(base: CheckedRules, head: CheckedRules, options: MovesOptions = {}): Promise<MovesResult> {
  const limits: AnalysisLimits = { ...DEFAULT_ANALYSIS_LIMITS, ...options.limits };
  const yieldNow = createYielder(options.token ?? NEVER_CANCELLED);
  const space = new RegionSpace([base.rules, head.rules], limits);
  const undecided: string[] = [];
  const baseOutcomes = outcomes(space, base, 0, 'old', undecided);
  const headOutcomes = outcomes(space, head, HEAD_OWNER, 'new', undecided);
  const baseClassifier = compileClassifier(base);
  const headClassifier = compileClassifier(head);

  const found = new Map<string, ClassificationMove>();
  for (const from of baseOutcomes) {
    for (const to of headOutcomes) {
      if (from.channel === to.channel) continue;
      const pair = JSON.stringify([from.channel, to.channel]);
      if (found.has(pair)) continue;
      await yieldNow();
      const shared = space.intersect(from.region, to.region);
      if (shared.length === 0) continue;
      let result;
      try {
        result = space.cover(shared, [...from.before, ...to.before], new Budget(limits.maxStepsPerQuestion));
      } catch (error) {
        if (!(error instanceof BudgetExceeded)) throw error;
        result = { kind: 'unknown' as const };
      }
      if (result.kind === 'covered') continue;
      if (result.kind === 'unknown') {
        undecided.push(`events moving from ${from.describe} to ${to.describe}`);
        continue;
      }
      const example = confirmed(space, result.event, result.box, baseClassifier, from.rule, headClassifier, to.rule);
      if (example === undefined) {
        undecided.push(`events moving from ${from.describe} to ${to.describe} (the engine did not confirm an example)`);
        continue;
      }
      found.set(pair, { from: from.channel, to: to.channel, example, fromRule: from.rule, toRule: to.rule });
    }
  }
  return { moves: [...found.values()], undecided };
}

function outcomes(space: RegionSpace, rules: CheckedRules, ownerOffset: number, which: string, undecided: string[]): Outcome[] {
  const list: Outcome[] = [];
  const before: Coverer[] = [];
  for (const rule of rules.rules) {
    let region: Region;
    try {
      region = space.ruleRegion(rule);
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      undecided.push(`the ${which} rule on line ${rule.line} (${error.message})`);
      // Unknown region: as an outcome it is left out, as a coverer it covers nothing (safe).
      continue;
    }
    list.push({ rule: rule.index, channel: rule.channel, region, before: [...before], describe: describeRule(which, rule) });
    for (const box of region) before.push({ box, owner: ownerOffset + rule.index });
  }
  const rest = rules.otherwise === undefined ? UNCLASSIFIED : OTHERWISE;
  list.push({
    rule: rest,
    channel: rules.otherwise?.channel ?? null,
    region: [space.universe],
    before,
    describe: rules.otherwise === undefined ? `"unclassified" in the ${which} rules` : `the ${which} \`otherwise\``,
  });
  return list;
}

function describeRule(which: string, rule: Rule): string {
  return `the ${which} rule on line ${rule.line} (${JSON.stringify(rule.channel)})`;
}

/** The event, or another of its box, that both classifiers classify as the outcomes say. */
function confirmed(
  space: RegionSpace,
  event: ExampleValues,
  box: Region[number],
  baseClassifier: Classifier,
  baseRule: number,
  headClassifier: Classifier,
  headRule: number,
): ExampleValues | undefined {
  const agrees = (candidate: ExampleValues): boolean =>
    baseClassifier.classify({ ...candidate }) === baseRule && headClassifier.classify({ ...candidate }) === headRule;
  if (agrees(event)) return event;
  let tried = 0;
  for (const candidate of space.alternativeEvents(box, event)) {
    if (agrees(candidate)) return candidate;
    if (++tried >= 24) break;
  }
  return undefined;
}
