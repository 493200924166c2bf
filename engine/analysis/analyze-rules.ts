// One pass down a rule list (first match wins), deciding for each rule, exactly:
// whether any event can match it (unsatisfiable), whether every event it matches is
// matched by the union of the rules before it (unreachable, with a smallest covering
// set), which earlier rules of other channels take events it also matches (overlaps,
// one example each), and which of its conditions change nothing (redundant); then
// whether the rules leave any event to `otherwise`.
//
// The result is facts, not diagnostics: rule indexes and example events, no spans and
// no wording (./analysis-diagnostics renders and verifies them). Facts of rule k
// depend only on rules 0…k, so a caller passing the previous result as `previous`
// gets the facts of the unchanged prefix back without recomputation — the language
// server's case, where an edit near the end must not redo the whole file.
//
// Every question has its own step budget; a question that runs out, or meets an
// automaton over its node limit, is recorded in `incomplete` and the pass goes on.
// The pass yields to the event loop regularly and stops with CancelledError when the
// token is cancelled.

import type { CheckedRules, Rule, RuleCondition } from '../check/checked-rules';
import { createYielder, NEVER_CANCELLED, type CancellationToken } from '../cancellation';
import { fieldAccessor } from '../events/fields';
import { evaluateValueTest } from '../semantics/value-test';
import { CovererIndex } from './coverer-index';
import { FirstCoverer } from './first-coverer';
import {
  Budget,
  BudgetExceeded,
  conditionKey,
  DEFAULT_REGION_LIMITS,
  RegionSpace,
  type Box,
  type Coverer,
  type CoverResult,
  type ExampleValues,
  type Region,
  type RegionLimits,
} from './regions';
import { appendAll } from '../collections/append-all';

export interface AnalysisLimits extends RegionLimits {
  /** Steps (box subtractions) one question may take. */
  maxStepsPerQuestion: number;
  /**
   * Steps all the questions of one analysis may take together: past it every question
   * left is undecided (`analysis-incomplete`) instead of minutes of work.
   */
  maxStepsTotal: number;
  /** Covering sets up to this size are minimised exactly, larger ones greedily. */
  maxExactCoverSize: number;
}

export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = {
  ...DEFAULT_REGION_LIMITS,
  maxStepsPerQuestion: 20_000,
  maxStepsTotal: 2_000_000,
  maxExactCoverSize: 8,
};

/** The path from a rule's condition to one of its parts: operand positions, `not` being 0. */
export type ConditionPath = readonly number[];

export interface ExampleFact {
  event: ExampleValues;
  /** The box the event was taken from, for finding another when the engine disagrees. */
  box: Box;
}

export interface OverlapFact {
  /** The earlier channel that takes the shared events. */
  channel: string;
  /** The earlier rules of that channel that take events this rule also matches. */
  rules: number[];
  /** For each of `rules`, an event both rules match and that rule classifies. */
  examples: ExampleFact[];
}

export type RuleStatus = 'reachable' | 'unreachable' | 'unsatisfiable' | 'undecided';

export interface RuleFacts {
  /** The rule's channel and meaning: equal keys ⇔ the same rule. */
  key: string;
  status: RuleStatus;
  /** For unreachable rules: a smallest set of earlier rules whose union covers it. */
  coveredBy: number[];
  /** An event the rule matches (for unreachable rules, one that an earlier rule takes). */
  example?: ExampleFact;
  overlaps: OverlapFact[];
  redundant: ConditionPath[];
  /** What could not be decided for this rule, in words. */
  incomplete: string[];
}

export interface OtherwiseFacts {
  /** `unreachable` when the rules give every event a channel. */
  status: 'reachable' | 'unreachable' | 'undecided';
  /** For reachable: an event no rule matches. */
  example?: ExampleFact;
}

export interface RuleListAnalysis {
  rules: RuleFacts[];
  otherwise: OtherwiseFacts;
  space: RegionSpace;
  /** The limits the facts were found with (facts are reused only under equal limits). */
  limits: AnalysisLimits;
  /** How many rules' facts were taken over from `previous`. */
  reused: number;
  /** Steps the analysis took of its overall budget (maxStepsTotal). */
  steps: number;
}

export interface AnalysisOptions {
  token?: CancellationToken;
  /** The analysis of an earlier version of the same file: its unchanged prefix is reused. */
  previous?: RuleListAnalysis;
  limits?: Partial<AnalysisLimits>;
}

/** Why a question is undecided when an automaton would be too large. */
const AUTOMATON_LIMIT = 'a regex could not be made an exact automaton within its size limit';

/** Past this many languages the space of a previous analysis is not reused (it only grows). */
const MAX_REUSED_LANGUAGES = 20_000;

export async function analyzeRules(checked: CheckedRules, options: AnalysisOptions = {}): Promise<RuleListAnalysis> {
  const limits: AnalysisLimits = { ...DEFAULT_ANALYSIS_LIMITS, ...options.limits };
  const yieldNow = createYielder(options.token ?? NEVER_CANCELLED);
  const rules = checked.rules;
  const previous = options.previous;
  // Automata and regions of the previous run are shared when the fields and their
  // domains are unchanged; the values examples prefer come from this text.
  const reusable = previous !== undefined && previous.space.languages.size < MAX_REUSED_LANGUAGES && sameLimits(previous.limits, limits);
  const space = new RegionSpace([rules], limits, reusable ? previous.space : undefined);
  const keys = rules.map(ruleKey);
  let reused = 0;
  if (reusable && previous.space.key === space.key) {
    while (reused < rules.length && reused < previous.rules.length && previous.rules[reused]!.key === keys[reused]) reused++;
  }

  const total = new Budget(limits.maxStepsTotal, undefined, `the analysis's overall budget of ${limits.maxStepsTotal.toLocaleString('en-US')} steps ran out`);
  // Automata and boxes built while this analysis runs are charged to its budget.
  space.meter = total;
  try {
    const analyzer = new RuleAnalyzer(space, rules, limits, total);
    const facts: RuleFacts[] = previous === undefined ? [] : previous.rules.slice(0, reused);
    for (let index = reused; index < rules.length; index++) {
      await yieldNow();
      facts.push(await analyzer.analyze(index, keys[index]!, facts, yieldNow));
    }
    await yieldNow();
    const otherwise = analyzer.otherwise();
    return { rules: facts, otherwise, space, reused, limits, steps: total.steps };
  } finally {
    if (space.meter === total) space.meter = undefined;
  }
}

function sameLimits(a: AnalysisLimits, b: AnalysisLimits): boolean {
  return (Object.keys(b) as Array<keyof AnalysisLimits>).every((name) => a[name] === b[name]);
}

function ruleKey(rule: Rule): string {
  return `${JSON.stringify(rule.channel)}\u0000${conditionKey(rule.condition)}`;
}

class RuleAnalyzer {
  /** The boxes of all rules in order; the coverers before rule k are a prefix. */
  private readonly allCoverers: Coverer[] = [];
  private readonly firstCoverer: number[] = [];
  private readonly regionErrors = new Map<number, string>();
  /** Each rule's region ([] when it could not be built). */
  private readonly regions: Region[] = [];
  private readonly index: CovererIndex;
  private readonly firstHolding: FirstCoverer;

  constructor(
    private readonly space: RegionSpace,
    private readonly rules: readonly Rule[],
    private readonly limits: AnalysisLimits,
    private readonly total: Budget,
  ) {
    for (const rule of rules) {
      this.firstCoverer.push(this.allCoverers.length);
      let region: Region;
      try {
        region = space.ruleRegion(rule);
      } catch (error) {
        if (!(error instanceof BudgetExceeded)) throw error;
        // Too many cases to analyse: as a coverer the rule covers nothing (safe).
        this.regionErrors.set(rule.index, error.message);
        region = [];
      }
      this.regions.push(region);
      for (const box of region) this.allCoverers.push({ box, owner: rule.index });
    }
    this.firstCoverer.push(this.allCoverers.length);
    this.index = new CovererIndex(this.allCoverers);
    this.firstHolding = new FirstCoverer(space, this.allCoverers);
  }

  /**
   * Whether the rules before `index` cover `region`, as `RegionSpace.cover` answers,
   * asking first whether they take the region's own example: when none does, that
   * event is the answer, found in one look-up (./first-coverer) instead of by cutting
   * the region by each of them in turn. `before`: those of them that could meet it
   * (coverersBefore), asked for only then.
   */
  private coverBefore(index: number, region: Region, before: () => Coverer[], budget: Budget): CoverResult {
    for (const box of region) {
      const found = this.space.witness([box]);
      if (found.kind !== 'found') continue;
      if (this.firstHolding.find(found.event, this.firstCoverer[index]!, budget) === undefined) return { kind: 'uncovered', event: found.event, box: found.box };
      break;
    }
    return this.space.cover(region, before(), budget);
  }

  /**
   * The overlap of `region` with rule `other`'s, from an example written down from
   * their boxes (RegionSpace.meetWitness) that no rule before `other` takes: neither
   * their intersection nor its witness is made (both, for each of the 80,000 pairs of
   * 400 one-rule `contains` channels, took most of the analysis's budget and memory).
   * 'disjoint' when the boxes share no event; 'search' when the example is not known
   * that way, or an earlier rule takes it.
   */
  private writtenOverlap(region: Region, other: number): CoverResult | 'disjoint' | 'search' {
    const theirs = this.regions[other]!;
    if (region.length !== 1 || theirs.length !== 1) return 'search';
    const budget = this.budget();
    budget.spend(1);
    const event = this.space.meetWitness(region[0]!, theirs[0]!);
    if (event === 'empty') return 'disjoint';
    if (event === undefined || this.firstHolding.find(event, this.firstCoverer[other]!, budget) !== undefined) return 'search';
    return { kind: 'uncovered', event, box: this.space.meetBox(region[0]!, theirs[0]!) };
  }

  /** The boxes of the rules before `index` that could meet `region` (the others cannot cover any of it). */
  private coverersBefore(index: number, region: Region): Coverer[] {
    return this.index.candidates(region, this.firstCoverer[index]!);
  }

  private budget(): Budget {
    return new Budget(this.limits.maxStepsPerQuestion, this.total);
  }

  async analyze(index: number, key: string, earlier: readonly RuleFacts[], yieldNow: () => Promise<void>): Promise<RuleFacts> {
    const rule = this.rules[index]!;
    const facts: RuleFacts = { key, status: 'undecided', coveredBy: [], overlaps: [], redundant: [], incomplete: [] };
    const regionError = this.regionErrors.get(index);
    if (regionError !== undefined) {
      facts.incomplete.push(`anything about the rule (${regionError})`);
      return facts;
    }
    const region = this.regions[index]!;
    // Once the whole analysis's budget is spent, every question would be refused: one
    // word for the rule, not an exception and a line for each of its questions (2,000
    // overlapping rules asked some two million such questions).
    if (this.total.ranOut) {
      facts.incomplete.push(`anything about the rule (${this.total.refusal})`);
      return facts;
    }

    const some = this.ask(facts, 'whether any event matches the rule', () => this.space.witness(region));
    if (some === undefined) return facts;
    if (some.kind === 'empty') {
      facts.status = 'unsatisfiable';
      return facts;
    }
    if (some.kind === 'unknown') {
      facts.incomplete.push(`whether any event matches the rule (${AUTOMATON_LIMIT})`);
      return facts;
    }

    let before: Coverer[] | undefined;
    const coverersBefore = (): Coverer[] => (before ??= this.coverersBefore(index, region));
    const covered = this.ask(facts, 'whether earlier rules cover the rule', () => this.coverBefore(index, region, coverersBefore, this.budget()));
    if (covered?.kind === 'covered') {
      facts.status = 'unreachable';
      facts.coveredBy = this.smallestCover(region, coverersBefore(), [...covered.owners].sort((a, b) => a - b));
      facts.example = { event: some.event, box: some.box };
      return facts;
    }
    if (covered?.kind === 'unknown') facts.incomplete.push(`whether earlier rules cover the rule (${AUTOMATON_LIMIT})`);
    if (covered?.kind === 'uncovered') {
      if (this.takenByUnanalysed(covered.event, index)) {
        facts.incomplete.push('whether earlier rules cover the rule (an earlier rule could not be analysed)');
      } else {
        facts.status = 'reachable';
        facts.example = { event: covered.event, box: covered.box };
      }
    }

    await this.findOverlaps(rule, region, earlier, facts, yieldNow);
    await yieldNow();
    this.findRedundant(rule, region, facts);
    return facts;
  }

  otherwise(): OtherwiseFacts {
    const result = (() => {
      try {
        return this.coverBefore(this.rules.length, [this.space.universe], () => this.allCoverers, this.budget());
      } catch (error) {
        if (error instanceof BudgetExceeded) return { kind: 'unknown' as const };
        throw error;
      }
    })();
    switch (result.kind) {
      case 'covered':
        return { status: 'unreachable' };
      case 'uncovered':
        if (this.takenByUnanalysed(result.event, this.rules.length)) return { status: 'undecided' };
        return { status: 'reachable', example: { event: result.event, box: result.box } };
      case 'unknown':
        return { status: 'undecided' };
    }
  }

  /**
   * Whether a rule before `before` whose region could not be built (so it covers
   * nothing in the coverage questions) matches the event after all, by the reference
   * semantics (value-test): then an "uncovered" event proves nothing.
   */
  private takenByUnanalysed(event: ExampleValues, before: number): boolean {
    for (const index of this.regionErrors.keys()) {
      if (index < before && conditionHolds(this.rules[index]!.condition, event)) return true;
    }
    return false;
  }

  /** Runs one budgeted question; a budget overrun is recorded and answers undefined. */
  private ask<T>(facts: RuleFacts, question: string, run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      facts.incomplete.push(`${question} (${error.message})`);
      return undefined;
    }
  }

  private smallestCover(region: Region, before: readonly Coverer[], owners: number[]): number[] {
    const covers = (subset: readonly number[]): boolean => {
      const chosen = new Set(subset);
      try {
        return this.space.cover(region, before.filter((coverer) => chosen.has(coverer.owner)), this.budget()).kind === 'covered';
      } catch (error) {
        if (error instanceof BudgetExceeded) return false;
        throw error;
      }
    };
    if (owners.length <= 1) return owners;
    if (owners.length <= this.limits.maxExactCoverSize) {
      for (let size = 1; size < owners.length; size++) {
        for (const subset of combinations(owners, size)) if (covers(subset)) return subset;
      }
      return owners;
    }
    // Greedy: leave out each rule, latest first, while the rest still covers.
    let kept = owners;
    for (let i = owners.length - 1; i >= 0; i--) {
      const without = kept.filter((owner) => owner !== owners[i]);
      if (covers(without)) kept = without;
    }
    return kept;
  }

  private async findOverlaps(rule: Rule, region: Region, earlier: readonly RuleFacts[], facts: RuleFacts, yieldNow: () => Promise<void>): Promise<void> {
    const byChannel = new Map<string, OverlapFact>();
    // Only the earlier rules with a box that could meet the rule's.
    const others = [...new Set(this.coverersBefore(rule.index, region).map((coverer) => coverer.owner))].sort((a, b) => a - b);
    for (const other of others) {
      if (this.total.ranOut) {
        facts.incomplete.push(`its overlaps with the rules before it from line ${this.rules[other]!.line} on (${this.total.refusal})`);
        break;
      }
      const otherRule = this.rules[other]!;
      const otherFacts = earlier[other]!;
      if (otherRule.channel === rule.channel || otherFacts.status === 'unreachable' || otherFacts.status === 'unsatisfiable') continue;
      if (this.regionErrors.has(other)) continue;
      const question = `the overlap with the rule on line ${otherRule.line}`;
      let result = this.ask(facts, question, () => this.writtenOverlap(region, other));
      if (result === 'disjoint') continue;
      if (result === 'search') {
        const shared = this.ask(facts, question, () => this.space.intersect(region, this.regions[other]!));
        if (shared === undefined || shared.length === 0) continue;
        await yieldNow();
        result = this.ask(facts, question, () => this.coverBefore(other, shared, () => this.coverersBefore(other, shared), this.budget()));
      }
      if (result?.kind === 'unknown') facts.incomplete.push(`the overlap with the rule on line ${otherRule.line} (${AUTOMATON_LIMIT})`);
      if (result?.kind !== 'uncovered') continue;
      if (this.takenByUnanalysed(result.event, other)) {
        facts.incomplete.push(`the overlap with the rule on line ${otherRule.line} (an earlier rule could not be analysed)`);
        continue;
      }
      let group = byChannel.get(otherRule.channel);
      if (group === undefined) byChannel.set(otherRule.channel, (group = { channel: otherRule.channel, rules: [], examples: [] }));
      group.rules.push(other);
      group.examples.push({ event: result.event, box: result.box });
    }
    appendAll(facts.overlaps, byChannel.values());
  }

  /**
   * A part of an `and`/`or` is redundant when leaving it out gives the same region.
   * Parts are tried last to first; one is reported when leaving it out alone changes
   * nothing and leaving it out together with the parts already reported changes
   * nothing either, so each report is true on its own and all of them can be removed
   * at once (of two equal conditions, only the later is reported).
   */
  private findRedundant(rule: Rule, region: Region, facts: RuleFacts): void {
    const removed: ConditionPath[] = [];
    const unchangedWithout = (paths: readonly ConditionPath[]): boolean | undefined =>
      this.ask(facts, 'which conditions are redundant', () => this.sameRegion(region, this.space.conditionRegion(withoutParts(rule.condition, paths))));
    const visit = (condition: RuleCondition, path: number[]): void => {
      if (condition.kind === 'test') return;
      if (condition.kind === 'not') {
        visit(condition.operand, [...path, 0]);
        return;
      }
      for (let position = condition.operands.length - 1; position >= 0; position--) {
        const candidate = [...path, position];
        const together = unchangedWithout([...removed, candidate]);
        if (together === undefined) return;
        if (together && (removed.length === 0 || unchangedWithout([candidate]) === true)) {
          removed.push(candidate);
          continue;
        }
        visit(condition.operands[position]!, candidate);
      }
    };
    try {
      visit(rule.condition, []);
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      facts.incomplete.push(`which conditions are redundant (${error.message})`);
    }
    appendAll(facts.redundant, removed.reverse());
  }

  private sameRegion(a: Region, b: Region): boolean | undefined {
    const asCoverers = (region: Region): Coverer[] => region.map((box) => ({ box, owner: 0 }));
    const aInB = this.space.cover(a, asCoverers(b), this.budget());
    if (aInB.kind === 'uncovered') return false;
    const bInA = this.space.cover(b, asCoverers(a), this.budget());
    if (bInA.kind === 'uncovered') return false;
    return aInB.kind === 'covered' && bInA.kind === 'covered' ? true : undefined;
  }
}

/** The condition with the parts at `paths` left out (an `and` without parts is true, an `or` false). */
export function withoutParts(condition: RuleCondition, paths: readonly ConditionPath[]): RuleCondition {
  const rebuild = (node: RuleCondition, path: readonly number[]): RuleCondition => {
    if (node.kind === 'test') return node;
    if (node.kind === 'not') return { ...node, operand: rebuild(node.operand, [...path, 0]) };
    const operands: RuleCondition[] = [];
    node.operands.forEach((operand, position) => {
      const here = [...path, position];
      if (paths.some((removed) => samePath(removed, here))) return;
      operands.push(rebuild(operand, here));
    });
    return { ...node, operands };
  };
  return rebuild(condition, []);
}

function samePath(a: ConditionPath, b: ConditionPath): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

/** Whether a condition holds for an example event (flat keys), by evaluateValueTest. */
function conditionHolds(condition: RuleCondition, event: ExampleValues): boolean {
  switch (condition.kind) {
    case 'test':
      return evaluateValueTest(condition.test, fieldAccessor(condition.field)(event));
    case 'not':
      return !conditionHolds(condition.operand, event);
    case 'and':
      return condition.operands.every((operand) => conditionHolds(operand, event));
    case 'or':
      return condition.operands.some((operand) => conditionHolds(operand, event));
  }
}

/** The part of a condition at a path. */
export function conditionAt(condition: RuleCondition, path: ConditionPath): RuleCondition {
  let node = condition;
  for (const step of path) {
    if (node.kind === 'test') break;
    node = node.kind === 'not' ? node.operand : node.operands[step]!;
  }
  return node;
}

function* combinations<T>(items: readonly T[], size: number, from = 0, chosen: T[] = []): Iterable<T[]> {
  if (chosen.length === size) {
    yield [...chosen];
    return;
  }
  for (let i = from; i <= items.length - (size - chosen.length); i++) {
    chosen.push(items[i]!);
    yield* combinations(items, size, i + 1, chosen);
    chosen.pop();
  }
}

export type { CheckedRules };
