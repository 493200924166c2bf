// Regions of events: the exact sets of events that conditions, rules and whole rule
// lists describe, with emptiness, coverage and concrete example events.
//
// Model. An event assigns every field the rules test a value: missing, null or a
// string (SPEC §2.3). A *box* gives each field a set of values (./value-sets; a field
// it does not constrain may take any value) and stands for their product. A *region*
// is a finite union of boxes — the disjunctive normal form of a condition, where the
// tests of one field inside a conjunction intersect into one set. Fields are treated
// as independent; the only real dependency (`referring_domain` derived from
// `referrer` when absent) makes some combinations impossible, so a region may hold a
// few events that cannot occur: "covered" and "empty" answers stay true of real
// events, and every example event is confirmed by the engine before anyone states it.
//
// Coverage (is every event of a region matched by one of some boxes?) is a depth-first
// box subtraction that stops at the first uncovered piece and returns an event in it.
// Unions are never built as automata: a rule list is a list of boxes.
//
// Questions are answered exactly or not at all: every emptiness question is decided
// three-valued (empty / a member / unknown). Where an automaton would exceed its node
// limit, or a regex has a feature the automata only approximate (then the leaf has an
// over- and an under-approximating automaton, used by polarity), or the step budget
// runs out, the answer is `unknown` (or the BudgetExceeded error), never a guess. This
// is the "over-approximate the tested rule, under-approximate the covering rules"
// discipline applied to each question, and at least as precise.
//
// API (also used by the semantic diff; ./moves is the ready-made diff core):
//   const space = new RegionSpace([rulesA, rulesB])   fields and domains of both lists
//   space.ruleRegion(rule)                            the rule's region (cached)
//   space.conditionRegion(condition)                  any condition's region
//   space.coverers(rules)                             rules' boxes, tagged with their index
//   space.intersect(a, b)                             a ∩ b
//   space.cover(region, coverers, new Budget(n))      covered (+ owners used) / uncovered + event / unknown
//   space.witness(region)                             an event in the region, or empty / unknown
//   space.universe                                    the box of all events
//   space.alternativeEvents(box, event)               other events of a box, for confirming examples
// Events are `ExampleValues`: field → string | null, missing fields left out; as event
// properties they are flat keys, so a dotted field is that field only.

import type { Rule, RuleCondition } from '../check/checked-rules';
import { negateValueTest, type FieldValue, type ValueTest } from '../semantics/value-test';
import { Languages, type WorkMeter } from './languages';
import { ANY_VALUE, FieldDomain, isCaseBlind, type FieldSet, type Witness } from './value-sets';
import { appendAll } from '../collections/append-all';
import { setOwn } from '../collections/own-property';

export interface Box {
  /** One set per field of the space; ANY_VALUE where the box does not constrain the field. */
  readonly sets: readonly FieldSet[];
  /** Indexes of the fields whose set is not ANY_VALUE. */
  readonly constrained: readonly number[];
}

export type Region = readonly Box[];

/** An event as field → value: a string, or null; missing fields are absent. */
export type ExampleValues = Record<string, string | null>;

export interface Coverer {
  box: Box;
  /** Who the box belongs to (a rule index); reported back in `owners`. */
  owner: number;
}

export type CoverResult =
  | { kind: 'covered'; owners: Set<number> }
  | { kind: 'uncovered'; event: ExampleValues; box: Box }
  | { kind: 'unknown' };

export type RegionWitness = { kind: 'found'; event: ExampleValues; box: Box } | { kind: 'empty' } | { kind: 'unknown' };

export interface RegionLimits {
  /** Most states of one automaton. */
  maxAutomatonNodes: number;
  /** Most boxes in the normal form of one rule. */
  maxBoxes: number;
}

export const DEFAULT_REGION_LIMITS: RegionLimits = { maxAutomatonNodes: 10_000, maxBoxes: 512 };

/**
 * The largest charge whose refusal means a budget is spent. The analysis's questions are
 * charged a step or a few thousand at a time; one large charge (a long value tested
 * against a long regex, a big automaton) can be refused while much of the budget is left.
 */
const RAN_OUT_CHARGE = 4_096;

/** A step budget shared by the questions about one rule. */
export class Budget {
  steps = 0;
  /**
   * It has refused a charge of at most RAN_OUT_CHARGE steps: fewer are left than an
   * ordinary question takes, so every question charged to it from now on would be
   * refused too. A larger charge refused leaves it open for smaller questions.
   */
  ranOut = false;
  /**
   * @param total a budget shared by many questions (the whole analysis), charged with
   *   every step of this one; `exceeded` is the message when this budget runs out.
   */
  constructor(
    readonly maxSteps: number,
    private readonly total?: Budget,
    private readonly exceeded?: string,
  ) {}
  /** What a refused spend says. */
  get refusal(): string {
    return this.exceeded ?? BUDGET_RAN_OUT;
  }
  spend(steps = 1): void {
    // Steps past the budget are not counted: `steps` never exceeds `maxSteps`.
    if (this.steps + steps > this.maxSteps) {
      if (steps <= RAN_OUT_CHARGE) this.ranOut = true;
      throw new BudgetExceeded(this.exceeded);
    }
    this.steps += steps;
    this.total?.spend(steps);
  }
}

const BUDGET_RAN_OUT = 'its step budget ran out';

export class BudgetExceeded extends Error {
  constructor(message = BUDGET_RAN_OUT) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}

/** The fields and domains for analysing one or more rule lists together. */
export class RegionSpace {
  readonly fields: readonly string[];
  readonly domains: readonly FieldDomain[];
  readonly languages: Languages;
  /** Identifies the fields and their domains: analyses with equal keys can share regions. */
  readonly key: string;
  private readonly fieldIndex = new Map<string, number>();
  private readonly testSets: Map<string, FieldSet>;
  private readonly complements: WeakMap<FieldSet, FieldSet>;
  private readonly regions: Map<string, Region>;
  private readonly universalBox: Box;

  /**
   * @param reuse a space with the same key (same fields and domains) whose automata and
   *   regions are shared; examples are still chosen from these rule lists' values.
   */
  constructor(ruleLists: readonly (readonly Rule[])[], readonly limits: RegionLimits = DEFAULT_REGION_LIMITS, reuse?: RegionSpace) {
    const { blind, written } = surveyFields(ruleLists);
    const key = spaceKey(blind);
    const shared =
      reuse !== undefined && reuse.key === key && reuse.limits.maxAutomatonNodes === limits.maxAutomatonNodes && reuse.limits.maxBoxes === limits.maxBoxes
        ? reuse
        : undefined;
    this.languages = shared?.languages ?? new Languages({ maxNodes: limits.maxAutomatonNodes });
    this.testSets = shared?.testSets ?? new Map();
    this.complements = shared?.complements ?? new WeakMap();
    this.regions = shared?.regions ?? new Map();
    this.fields = [...blind.keys()];
    this.fields.forEach((field, index) => this.fieldIndex.set(field, index));
    this.domains = this.fields.map(
      (field) => new FieldDomain(field, blind.get(field)!, this.languages, written.get(field)!),
    );
    this.key = key;
    this.universalBox = { sets: this.fields.map(() => ANY_VALUE), constrained: [] };
  }

  /** The key a space for these rule lists would have, without building it. */
  static keyOf(ruleLists: readonly (readonly Rule[])[]): string {
    return spaceKey(surveyFields(ruleLists).blind);
  }

  /**
   * What the space's work is charged to while an analysis runs (the overall budget):
   * automata (./languages), and each box built by intersecting, at one step per field
   * it copies. Unset, only the automata's own limits bound it.
   */
  get meter(): WorkMeter | undefined {
    return this.languages.meter;
  }

  set meter(meter: WorkMeter | undefined) {
    this.languages.meter = meter;
  }

  /** The box of all events. */
  get universe(): Box {
    return this.universalBox;
  }

  /** The region of a rule's condition (cached by the condition's meaning). */
  ruleRegion(rule: Rule): Region {
    return this.conditionRegion(rule.condition);
  }

  conditionRegion(condition: RuleCondition): Region {
    const key = conditionKey(condition);
    // Building the key costs its length; 10,000-part conditions are keyed again for every part left out.
    this.languages.meter?.spend(key.length >> 6);
    let region = this.regions.get(key);
    if (region === undefined) {
      region = this.normalForm(condition, false);
      this.regions.set(key, region);
    }
    return region;
  }

  /** The boxes of rules as coverers, each tagged with its rule's index. */
  coverers(rules: readonly Rule[]): Coverer[] {
    return rules.flatMap((rule) => this.ruleRegion(rule).map((box) => ({ box, owner: rule.index })));
  }

  /** The boxes of a ∩ b, without the ones known to be empty. */
  intersect(a: Region, b: Region): Region {
    const result: Box[] = [];
    for (const left of a) {
      for (const right of b) {
        const box = this.intersectBoxes(left, right);
        if (box !== undefined) result.push(box);
      }
    }
    return result;
  }

  /**
   * An event in a ∩ b, as `witness([a ∩ b])` would mostly find it, made from the two
   * boxes without intersecting them (neither a box nor a language of the intersection
   * is made: one each for every overlapping pair of a file of a thousand rules took
   * most of its time and memory): each field one box constrains gives its set's own
   * witness, a field both constrain a member of both sets (FieldDomain.meet). `empty`
   * when a field's sets share no value; undefined when a field's member is for the
   * intersection to find.
   */
  meetWitness(a: Box, b: Box): ExampleValues | 'empty' | undefined {
    const event: ExampleValues = {};
    for (const field of mergeSorted(a.constrained, b.constrained)) {
      const domain = this.domains[field]!;
      const found = domain.meet(a.sets[field]!, b.sets[field]!);
      if (found === undefined || found.kind === 'unknown') return undefined;
      if (found.kind === 'empty') return 'empty';
      if (found.value !== undefined) setOwn(event, this.fields[field]!, found.value === null ? null : domain.display(found.value));
    }
    return event;
  }

  /**
   * The box a ∩ b, made when first read and charged to no budget (an example's box is
   * read only when the engine rejects the example, long after its analysis).
   */
  meetBox(a: Box, b: Box): Box {
    return new MeetBox(a, b, this.unmeteredIntersection);
  }

  private readonly unmeteredIntersection = (a: Box, b: Box): Box => {
    const meter = this.meter;
    this.meter = undefined;
    try {
      // Never empty (an example is in it); `a` stands in all the same.
      return this.intersectBoxes(a, b) ?? a;
    } finally {
      this.meter = meter;
    }
  };

  /** An event in the region (preferring missing fields and values written in the rules). */
  witness(region: Region): RegionWitness {
    let unknown = false;
    for (const box of region) {
      const found = this.boxWitness(box);
      if (found.kind === 'found') return found;
      if (found.kind === 'unknown') unknown = true;
    }
    return unknown ? { kind: 'unknown' } : { kind: 'empty' };
  }

  /**
   * Whether every event of `region` is in some coverer's box. `covered` names the
   * owners of the boxes the proof used; `uncovered` gives an event no coverer has.
   */
  cover(region: Region, coverers: readonly Coverer[], budget: Budget): CoverResult {
    const owners = new Set<number>();
    let unknown = false;
    for (const box of region) {
      const result = this.coverBox(box, coverers, 0, owners, budget);
      if (result.kind === 'uncovered') return result;
      if (result.kind === 'unknown') unknown = true;
    }
    return unknown ? { kind: 'unknown' } : { kind: 'covered', owners };
  }

  /** Whether a value is in a field set (strings as written in events). */
  hasValue(field: number, set: FieldSet, value: FieldValue): boolean {
    const domain = this.domains[field]!;
    return domain.has(set, typeof value === 'string' ? domain.key(value) : value);
  }

  /** Other events of the box, each differing from `event` in one field. */
  *alternativeEvents(box: Box, event: ExampleValues): Iterable<ExampleValues> {
    for (const field of box.constrained) {
      const name = this.fields[field]!;
      const domain = this.domains[field]!;
      const set = box.sets[field]!;
      const current = Object.prototype.hasOwnProperty.call(event, name) ? event[name] : undefined;
      const values: Array<string | null | undefined> = [];
      if (set.missing && current !== undefined) values.push(undefined);
      if (set.null && current !== null) values.push(null);
      for (const key of domain.stringMembers(set, 6)) {
        const value = domain.display(key);
        if (value !== current) values.push(value);
      }
      for (const value of values) {
        const next: ExampleValues = { ...event };
        if (value === undefined) delete next[name];
        else setOwn(next, name, value);
        yield next;
      }
    }
  }

  fieldNumber(field: string): number | undefined {
    return this.fieldIndex.get(field);
  }

  /**
   * Depth-first: the box is cut by the first coverer it meets, and each piece left is
   * covered by the coverers after that one. With an explicit stack (pieces in order),
   * since a chain of thousands of disjoint rules nests as deep as it is long.
   */
  private coverBox(box: Box, coverers: readonly Coverer[], from: number, owners: Set<number>, budget: Budget): CoverResult {
    const stack: Array<{ box: Box; from: number }> = [{ box, from }];
    let unknown = false;
    next: while (stack.length > 0) {
      const { box: piece, from: start } = stack.pop()!;
      for (let index = start; index < coverers.length; index++) {
        budget.spend();
        const coverer = coverers[index]!;
        const pieces = this.subtract(piece, coverer.box);
        if (pieces === 'disjoint') continue;
        owners.add(coverer.owner);
        for (let k = pieces.length - 1; k >= 0; k--) stack.push({ box: pieces[k]!, from: index + 1 });
        continue next;
      }
      const found = this.boxWitness(piece);
      if (found.kind === 'found') return { kind: 'uncovered', event: found.event, box: piece };
      if (found.kind === 'unknown') unknown = true;
    }
    return unknown ? { kind: 'unknown' } : { kind: 'covered', owners };
  }

  /**
   * box ∖ cut as disjoint boxes not known to be empty, or 'disjoint' when box ∩ cut is
   * known to be empty. Field by field over the fields `cut` constrains: the piece
   * outside the cut on this field, inside it on the fields before.
   */
  private subtract(box: Box, cut: Box): Box[] | 'disjoint' {
    const insides: FieldSet[] = [];
    for (const field of cut.constrained) {
      const domain = this.domains[field]!;
      const inside = domain.intersect(box.sets[field]!, cut.sets[field]!);
      if (domain.witness(inside).kind === 'empty') return 'disjoint';
      insides.push(inside);
    }
    const pieces: Box[] = [];
    let sets = box.sets;
    let constrained = box.constrained;
    cut.constrained.forEach((field, position) => {
      const domain = this.domains[field]!;
      const outside = domain.intersect(box.sets[field]!, this.complementOf(field, cut.sets[field]!));
      if (domain.witness(outside).kind !== 'empty') pieces.push(withSet(sets, constrained, field, outside));
      const next = withSet(sets, constrained, field, insides[position]!);
      sets = next.sets;
      constrained = next.constrained;
    });
    return pieces;
  }

  private complementOf(field: number, set: FieldSet): FieldSet {
    let complement = this.complements.get(set);
    if (complement === undefined) {
      complement = this.domains[field]!.complement(set);
      this.complements.set(set, complement);
    }
    return complement;
  }

  private intersectBoxes(a: Box, b: Box): Box | undefined {
    this.languages.meter?.spend(1 + b.constrained.length * (1 + this.fields.length));
    let sets = a.sets;
    let constrained = a.constrained;
    for (const field of b.constrained) {
      const domain = this.domains[field]!;
      const set = domain.intersect(sets[field]!, b.sets[field]!);
      if (domain.witness(set).kind === 'empty') return undefined;
      const next = withSet(sets, constrained, field, set);
      sets = next.sets;
      constrained = next.constrained;
    }
    return { sets, constrained };
  }

  private boxWitness(box: Box): RegionWitness {
    const event: ExampleValues = {};
    let unknown = false;
    for (const field of box.constrained) {
      const domain = this.domains[field]!;
      const found: Witness = domain.witness(box.sets[field]!);
      if (found.kind === 'empty') return { kind: 'empty' };
      if (found.kind === 'unknown') {
        unknown = true;
        continue;
      }
      if (found.value !== undefined) setOwn(event, this.fields[field]!, found.value === null ? null : domain.display(found.value));
    }
    return unknown ? { kind: 'unknown' } : { kind: 'found', event, box };
  }

  private testSet(field: number, test: ValueTest): FieldSet {
    const key = `${field}\u0000${JSON.stringify(test)}`;
    let set = this.testSets.get(key);
    if (set === undefined) {
      set = this.domains[field]!.fromValueTest(test);
      this.testSets.set(key, set);
    }
    return set;
  }

  /**
   * A union of boxes, with those that constrain one field only, the same field, joined
   * into one box of their sets' union (exactly the same events): `a = "v1" or … or a =
   * "v200"` is one box, as `a in [...]` is, rather than 200 boxes that every question
   * cuts in turn, each cut copying the values left (quadratic in the `or`'s length).
   */
  private joinedByField(boxes: Box[]): Box[] {
    const joined = new Map<number, number>();
    const out: Box[] = [];
    for (const box of boxes) {
      if (box.constrained.length !== 1) {
        out.push(box);
        continue;
      }
      const field = box.constrained[0]!;
      const at = joined.get(field);
      if (at === undefined) {
        joined.set(field, out.length);
        out.push(box);
        continue;
      }
      const domain = this.domains[field]!;
      const union = domain.complement(domain.intersect(domain.complement(out[at]!.sets[field]!), domain.complement(box.sets[field]!)));
      out[at] = withSet(this.universalBox.sets, [], field, union);
    }
    return out;
  }

  private normalForm(condition: RuleCondition, negated: boolean): Box[] {
    switch (condition.kind) {
      case 'test': {
        const field = this.fieldIndex.get(condition.field);
        if (field === undefined) throw new Error(`field ${condition.field} is not in this region space`);
        this.languages.meter?.spend(1 + this.fields.length);
        const set = this.testSet(field, negated ? negateValueTest(condition.test) : condition.test);
        if (this.domains[field]!.witness(set).kind === 'empty') return [];
        return [withSet(this.universalBox.sets, [], field, set)];
      }
      case 'not':
        return this.normalForm(condition.operand, !negated);
      case 'and':
      case 'or': {
        const parts = condition.operands.map((operand) => this.normalForm(operand, negated));
        if ((condition.kind === 'and') === negated) return this.joinedByField(parts.flat());
        let product: Box[] = [this.universalBox];
        for (const part of parts) {
          const next: Box[] = [];
          for (const left of product) {
            for (const right of part) {
              const box = this.intersectBoxes(left, right);
              if (box !== undefined) next.push(box);
            }
          }
          if (next.length > this.limits.maxBoxes) throw new BudgetExceeded(`its condition has more than ${this.limits.maxBoxes} cases when multiplied out`);
          product = next;
        }
        return product;
      }
    }
  }
}

/** Every field the rules test, whether all its tests are blind to case, and the values written for it. */
function surveyFields(ruleLists: readonly (readonly Rule[])[]): { blind: Map<string, boolean>; written: Map<string, string[]> } {
  const blind = new Map<string, boolean>();
  const written = new Map<string, string[]>();
  for (const rules of ruleLists) {
    for (const rule of rules) {
      forEachTest(rule.condition, (field, test) => {
        blind.set(field, (blind.get(field) ?? true) && isCaseBlind(test));
        let values = written.get(field);
        if (values === undefined) written.set(field, (values = []));
        appendAll(values, writtenValues(test));
      });
    }
  }
  return { blind, written };
}

function spaceKey(blind: ReadonlyMap<string, boolean>): string {
  return [...blind].map(([field, folded]) => `${JSON.stringify(field)}:${folded ? 'folded' : 'exact'}`).join(',');
}

/** a ∩ b, made when first read (RegionSpace.meetBox). */
class MeetBox implements Box {
  private made: Box | undefined;

  constructor(
    private readonly a: Box,
    private readonly b: Box,
    private readonly make: (a: Box, b: Box) => Box,
  ) {}

  get sets(): readonly FieldSet[] {
    return (this.made ??= this.make(this.a, this.b)).sets;
  }

  get constrained(): readonly number[] {
    return (this.made ??= this.make(this.a, this.b)).constrained;
  }
}

/** The numbers of two ascending lists, ascending, each once. */
function mergeSorted(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === b.length && a.every((field, i) => field === b[i])) return a;
  const merged: number[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length; ) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (a[i] === next) i++;
    if (b[j] === next) j++;
    merged.push(next);
  }
  return merged;
}

function withSet(sets: readonly FieldSet[], constrained: readonly number[], field: number, set: FieldSet): Box {
  const nextSets = sets.slice();
  nextSets[field] = set;
  const isConstrained = constrained.includes(field);
  const nextConstrained = set === ANY_VALUE ? constrained.filter((other) => other !== field) : isConstrained ? constrained : [...constrained, field].sort((a, b) => a - b);
  return { sets: nextSets, constrained: nextConstrained };
}

function forEachTest(condition: RuleCondition, visit: (field: string, test: ValueTest) => void): void {
  switch (condition.kind) {
    case 'test':
      visit(condition.field, condition.test);
      return;
    case 'not':
      forEachTest(condition.operand, visit);
      return;
    default:
      for (const operand of condition.operands) forEachTest(operand, visit);
  }
}

function writtenValues(test: ValueTest): readonly string[] {
  switch (test.strings.kind) {
    case 'equals':
      return test.strings.values;
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return [test.strings.value];
    default:
      return [];
  }
}

/** The meaning of a condition as a string: equal keys ⇔ equal conditions (spans ignored). */
export function conditionKey(condition: RuleCondition): string {
  switch (condition.kind) {
    case 'test':
      return `${JSON.stringify(condition.field)}:${JSON.stringify(condition.test)}`;
    case 'not':
      return `not(${conditionKey(condition.operand)})`;
    default:
      return `${condition.kind}(${condition.operands.map(conditionKey).join(',')})`;
  }
}
