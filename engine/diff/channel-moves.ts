// Every (old channel → new channel) move that some possible event makes between two
// versions of a rules file, each with an example event the engine confirms.
//
// An event's outcome in a version is the first rule that matches it, or `otherwise`.
// For an outcome i of the base and j of the head, the events with exactly those
// outcomes are (region of i ∩ region of j) minus every earlier rule of either version;
// that set is empty exactly when the intersection is covered by the earlier rules'
// boxes — one `cover` question of the region model (engine/analysis/regions), which
// also returns an event when it is not. Over all pairs (i, j) of different channels
// this finds every move; a pair of channels is asked about only until one of its
// pairs gives a confirmed example.
//
// Questions skipped without asking, each exactly: pairs of the same channel; rules the
// analysis of their own version proves never used (unreachable, unsatisfiable, an
// unused `otherwise`); and pairs inside a common prefix — when both versions start
// with the same k rules, an event one of those rules takes gets that rule in both.
//
// The region model treats fields as independent (the derived `referring_domain` is
// not), so every example is classified by both compiled classifiers: the engine's
// channels are what is stated, other events of the same box are tried when the
// engine disagrees, and a pair whose example no event confirms stays undecided.
// Budgets: each question has a step budget, and all questions together a total; a
// question that runs out leaves its pair of channels undecided, never "no move".

import type { RuleListAnalysis } from '../analysis/analyze-rules';
import { CovererIndex } from '../analysis/coverer-index';
import { Budget, BudgetExceeded, type Box, type Coverer, type ExampleValues, type Region, type RegionSpace } from '../analysis/regions';
import type { CancellationToken } from '../cancellation';
import { createYielder, NEVER_CANCELLED } from '../cancellation';
import type { Rule } from '../check/checked-rules';
import type { Classifier } from '../classify/classifier';

export interface MoveLimits {
  /** Steps of one question: its box subtractions and the boxes and languages it builds. */
  maxStepsPerQuestion: number;
  /** Steps of all questions together. */
  maxTotalSteps: number;
  /** How many other events of a box are tried when the engine rejects an example. */
  maxAlternativeExamples: number;
}

export const DEFAULT_MOVE_LIMITS: MoveLimits = {
  // Since the languages' work is charged to a question (not only its box subtractions),
  // a question of two small files mixing regexes and tests ignoring case took 20,000
  // to 40,000 steps; the total below still bounds the whole diff.
  maxStepsPerQuestion: 100_000,
  maxTotalSteps: 2_000_000,
  maxAlternativeExamples: 24,
};

export interface MoveVersion {
  classifier: Classifier;
  /** The analysis of this version alone (to skip outcomes it proves never used). */
  analysis?: RuleListAnalysis;
}

/** An engine-confirmed move: the event and each version's classify result for it. */
export interface FoundMove {
  from: string | null;
  to: string | null;
  event: ExampleValues;
  baseResult: number;
  headResult: number;
}

export interface MoveSearchResult {
  /** In the order found; one per (from, to). */
  found: FoundMove[];
  /** Pairs of channels not decided, each with why (in words). */
  undecided: Array<{ from: string | null; to: string | null; reason: string }>;
  /** Set when the total budget stopped the search before every pair was asked. */
  stopped?: string;
  /** Questions asked and steps spent (for benchmarks and tests). */
  questions: number;
  steps: number;
}

interface Outcome {
  /** Rule index, or -1 for `otherwise` (also when the version has none). */
  rule: number;
  channel: string | null;
  /** Undefined when the rule's region could not be built within the limits. */
  region: Region | undefined;
  /** How many of its version's coverers (Outcomes.index) come before it: the boxes of the rules before it, all of them for `otherwise`. */
  before: number;
  /** Proven never used by its own version's analysis. */
  dead: boolean;
}

/** A version's outcomes in order (`otherwise` last), and its rules' boxes indexed (../analysis/coverer-index). */
interface Outcomes {
  list: Outcome[];
  index: CovererIndex;
  /** The rules whose region could not be built (no boxes in the index). */
  unbounded: Outcome[];
}

export async function findChannelMoves(
  space: RegionSpace,
  base: MoveVersion,
  head: MoveVersion,
  options: { limits?: Partial<MoveLimits>; token?: CancellationToken } = {},
): Promise<MoveSearchResult> {
  const limits: MoveLimits = { ...DEFAULT_MOVE_LIMITS, ...options.limits };
  const yieldNow = createYielder(options.token ?? NEVER_CANCELLED);
  const prefix = commonPrefix(base.classifier.rules.rules, head.classifier.rules.rules);
  const baseOutcomes = outcomes(space, base, 0);
  // The head's coverers skip the common prefix: the base's prefix rules are the same boxes.
  const headOutcomes = outcomes(space, head, prefix);

  const found = new Map<string, FoundMove>();
  const undecided = new Map<string, { from: string | null; to: string | null; reason: string }>();
  const result: MoveSearchResult = { found: [], undecided: [], questions: 0, steps: 0 };
  const record = (move: FoundMove): void => {
    const key = pairKey(move.from, move.to);
    if (!found.has(key)) found.set(key, move);
  };
  const classify = (event: ExampleValues): FoundMove => {
    const props = { ...event };
    const baseResult = base.classifier.classify(props);
    const headResult = head.classifier.classify(props);
    return { from: base.classifier.channelOf(baseResult), to: head.classifier.channelOf(headResult), event, baseResult, headResult };
  };

  search: for (const a of baseOutcomes.list) {
    if (a.dead || (a.rule >= 0 && a.rule < prefix)) continue;
    for (const b of pairedWith(a, headOutcomes)) {
      if (b.dead || (b.rule >= 0 && b.rule < prefix)) continue;
      if (a.channel === b.channel || found.has(pairKey(a.channel, b.channel))) continue;
      await yieldNow();
      if (result.steps >= limits.maxTotalSteps) {
        result.stopped = `the analysis stopped at its total budget of ${steps(limits.maxTotalSteps)} before every pair of channels was decided`;
        break search;
      }
      const undecide = (reason: string): void => {
        const key = pairKey(a.channel, b.channel);
        if (!undecided.has(key)) undecided.set(key, { from: a.channel, to: b.channel, reason });
      };
      if (a.region === undefined || b.region === undefined) {
        undecide(`the rule on line ${lineOf(a.region === undefined ? base : head, a.region === undefined ? a.rule : b.rule)} has too many cases to analyse`);
        continue;
      }
      const budget = new Budget(limits.maxStepsPerQuestion);
      let answer: ReturnType<RegionSpace['cover']> | undefined;
      try {
        const shared = space.intersect(a.region, b.region);
        if (shared.length === 0) continue;
        result.questions++;
        // The boxes and value sets the cover builds are charged to the question too, not only its box subtractions.
        space.meter = budget;
        answer = space.cover(shared, [...baseOutcomes.index.candidates(shared, a.before), ...headOutcomes.index.candidates(shared, b.before)], budget);
      } catch (error) {
        if (!(error instanceof BudgetExceeded)) throw error;
      } finally {
        space.meter = undefined;
        result.steps += budget.steps;
      }
      if (answer === undefined) {
        undecide(`a question ran out of its budget of ${steps(limits.maxStepsPerQuestion)}`);
        continue;
      }
      if (answer.kind === 'covered') continue;
      if (answer.kind === 'unknown') {
        undecide('a regex could not be made an exact automaton within its size limit');
        continue;
      }
      let confirmed = false;
      for (const event of candidates(space, answer.box, answer.event, limits.maxAlternativeExamples)) {
        const move = classify(event);
        if (move.from !== move.to) record(move);
        if (move.from === a.channel && move.to === b.channel) {
          confirmed = true;
          break;
        }
      }
      if (!confirmed) undecide('the engine did not confirm an example event');
    }
  }

  result.found = [...found.values()];
  result.undecided = [...undecided.entries()].filter(([key]) => !found.has(key)).map(([, pair]) => pair);
  return result;
}

function outcomes(space: RegionSpace, version: MoveVersion, skipCoverersBefore: number): Outcomes {
  const rules = version.classifier.rules.rules;
  const regions = rules.map((rule) => {
    try {
      return space.ruleRegion(rule);
    } catch (error) {
      if (error instanceof BudgetExceeded) return undefined;
      throw error;
    }
  });
  // A rule without a region covers nothing: "covered" answers stay true.
  const coverers: Coverer[] = [];
  const list: Outcome[] = [];
  rules.forEach((rule, index) => {
    const status = version.analysis?.rules[index]?.status;
    list.push({
      rule: index,
      channel: rule.channel,
      region: regions[index],
      before: coverers.length,
      dead: status === 'unreachable' || status === 'unsatisfiable',
    });
    if (index >= skipCoverersBefore) for (const box of regions[index] ?? []) coverers.push({ box, owner: rule.index });
  });
  list.push({
    rule: -1,
    channel: version.classifier.rules.otherwise?.channel ?? null,
    region: [space.universe],
    before: coverers.length,
    dead: version.analysis?.otherwise.status === 'unreachable',
  });
  return { list, index: new CovererIndex(coverers), unbounded: list.filter((outcome) => outcome.rule >= 0 && outcome.region === undefined) };
}

/**
 * The head's outcomes to pair with `a`, in order: those whose boxes could meet a's region
 * (the others' intersection with it is empty: no question to ask), the rules without a
 * region (to say they are undecided) and `otherwise`. 4,000 one-rule channels made 16
 * million pairs to intersect, 133 s and 1 GB, and the budget stopped them undecided.
 */
function pairedWith(a: Outcome, head: Outcomes): Outcome[] {
  if (a.region === undefined) return head.list;
  const rules = new Set(head.index.candidates(a.region, Infinity).map((coverer) => coverer.owner));
  for (const outcome of head.unbounded) rules.add(outcome.rule);
  return [...rules].sort((x, y) => x - y).map((rule) => head.list[rule]!).concat(head.list[head.list.length - 1]!);
}

/** How many leading rules the two versions share exactly (channel and condition). */
function commonPrefix(base: readonly Rule[], head: readonly Rule[]): number {
  let count = 0;
  while (count < base.length && count < head.length && sameRule(base[count]!, head[count]!)) count++;
  return count;
}

function sameRule(a: Rule, b: Rule): boolean {
  return a.channel === b.channel && conditionText(a) === conditionText(b);
}

function conditionText(rule: Rule): string {
  return JSON.stringify(rule.condition, (key, value: unknown) => (key === 'span' ? undefined : value));
}

function* candidates(space: RegionSpace, box: Box, event: ExampleValues, alternatives: number): Iterable<ExampleValues> {
  yield event;
  let count = 0;
  for (const other of space.alternativeEvents(box, event)) {
    if (count++ >= alternatives) return;
    yield other;
  }
}

function lineOf(version: MoveVersion, rule: number): number {
  return version.classifier.rules.rules[rule]?.line ?? 0;
}

function pairKey(from: string | null, to: string | null): string {
  return JSON.stringify([from, to]);
}

function steps(count: number): string {
  return `${count.toLocaleString('en-US')} step${count === 1 ? '' : 's'}`;
}
