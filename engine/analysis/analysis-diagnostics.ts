// The analysis's facts (./analyze-rules) as diagnostics (SPEC §2.4), each claim with
// its example event confirmed by the engine first: the compiled classifier must give
// the example the channel the diagnostic states, and the rule in question must match
// it (checked with a classifier of that rule alone). When the engine disagrees —
// possible only where the region model's independence of fields does not hold, e.g.
// `referring_domain` derived from `referrer` — other events of the same box are
// tried, and if none is confirmed the claim becomes `analysis-incomplete`.

import type { CheckedRules, Rule } from '../check/checked-rules';
import type { Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { DEFAULT_SEVERITY, type Diagnostic, type ExampleEvent, type RelatedInformation } from '../diagnostics';
import type { EventProps } from '../events/event';
import { conditionAt, type ExampleFact, type OverlapFact, type RuleListAnalysis } from './analyze-rules';
import type { ExampleValues } from './regions';
import { describeEvent } from './describe-event';

export { describeEvent } from './describe-event';

/** How many other events of a box are tried when the engine rejects an example. */
const MAX_ALTERNATIVE_EXAMPLES = 24;

export function analysisDiagnostics(checked: CheckedRules, analysis: RuleListAnalysis, classifier: Classifier): Diagnostic[] {
  return new Renderer(checked, analysis, classifier).render();
}

class Renderer {
  private readonly single = new Map<number, Classifier>();
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly checked: CheckedRules,
    private readonly analysis: RuleListAnalysis,
    private readonly classifier: Classifier,
  ) {}

  render(): Diagnostic[] {
    this.checked.rules.forEach((rule, index) => {
      const facts = this.analysis.rules[index];
      if (facts === undefined) return;
      const incomplete = [...facts.incomplete];
      switch (facts.status) {
        case 'unsatisfiable':
          this.push(rule.span, 'unsatisfiable-rule', 'This rule matches no event at all: its conditions contradict each other.', {
            unnecessary: true,
            data: { rule: index },
          });
          break;
        case 'unreachable': {
          const confirmed = this.confirm(facts.example!, (result) => result >= 0 && result < index, index);
          if (confirmed === undefined) incomplete.push('an example showing the rule unreachable (the engine did not confirm one)');
          else this.unreachable(rule, facts.coveredBy, confirmed);
          break;
        }
        default:
          break;
      }
      if (facts.overlaps.length > 0) this.overlaps(rule, facts.overlaps, incomplete);
      for (const path of facts.redundant) {
        const part = conditionAt(rule.condition, path);
        this.push(part.span, 'redundant-condition', 'This condition never changes whether the rule matches: the rule means the same without it.', {
          unnecessary: true,
          data: { rule: index, path },
        });
      }
      if (incomplete.length > 0) {
        this.push(
          rule.span,
          'analysis-incomplete',
          `The exact analysis reached its limits and could not decide ${joinWords(incomplete)}; it makes no claim about ${incomplete.length === 1 ? 'that' : 'these'}.`,
          { data: { rule: index } },
        );
      }
    });
    this.otherwise();
    return this.diagnostics;
  }

  private unreachable(rule: Rule, coveredBy: readonly number[], example: ExampleEvent & { result: number }): void {
    const covering = coveredBy.map((index) => this.checked.rules[index]!);
    const refs =
      covering.length === 1
        ? `the rule on line ${covering[0]!.line} (${quote(covering[0]!.channel)})`
        : `the rules on lines ${joinWords(covering.map((other) => `${other.line} (${quote(other.channel)})`))}`;
    const winner = this.checked.rules[example.result]!;
    this.push(
      rule.span,
      'unreachable-rule',
      `This rule is unreachable: every event it matches is matched first by ${refs}. ` +
        `For example ${describeEvent(example.event)} gets ${quote(example.channel)} from line ${winner.line}.`,
      {
        unnecessary: true,
        example: { event: example.event, channel: example.channel },
        related: covering.map((other) => ({
          span: other.span,
          // Both rules by line and channel: this place is the covering rule's, the message names the unreachable one too.
          message: `the rule on line ${other.line} (${quote(other.channel)}) ${covering.length === 1 ? 'covers' : 'covers part of'} the unreachable rule on line ${rule.line} (${quote(rule.channel)})`,
        })),
        data: { rule: rule.index, coveredBy: [...coveredBy] },
      },
    );
  }

  private overlaps(rule: Rule, overlaps: readonly OverlapFact[], incomplete: string[]): void {
    const confirmed: Array<{ channel: string; rules: number[]; examples: Array<ExampleEvent & { result: number }> }> = [];
    for (const overlap of overlaps) {
      const group = { channel: overlap.channel, rules: [] as number[], examples: [] as Array<ExampleEvent & { result: number }> };
      overlap.rules.forEach((other, position) => {
        const example = this.confirm(overlap.examples[position]!, (result) => result === other, rule.index);
        if (example === undefined) {
          incomplete.push(`an example of the overlap with the rule on line ${this.checked.rules[other]!.line} (the engine did not confirm one)`);
        } else {
          group.rules.push(other);
          group.examples.push(example);
        }
      });
      if (group.rules.length > 0) confirmed.push(group);
    }
    if (confirmed.length === 0) return;
    const takers = confirmed.map((group) => `${quote(group.channel)} (${lines(group.rules.map((index) => this.checked.rules[index]!.line))})`);
    const main = confirmed[0]!;
    const related: RelatedInformation[] = confirmed.flatMap((group) =>
      group.rules.map((index, position) => ({
        span: this.checked.rules[index]!.span,
        message: `comes first: ${describeEvent(group.examples[position]!.event)} matches the rule on line ${rule.line} too but gets ${quote(group.channel)} here`,
      })),
    );
    const single = confirmed.length === 1 && main.rules.length === 1;
    this.push(
      rule.span,
      'overlapping-rule',
      `Some events this rule matches go to ${joinWords(takers)} instead, because ${single ? 'that rule comes' : 'those rules come'} first: ` +
        `for example ${describeEvent(main.examples[0]!.event)} gets ${quote(main.channel)}. The order of the rules decides.`,
      {
        example: { event: main.examples[0]!.event, channel: main.examples[0]!.channel },
        related,
        data: { rule: rule.index, overlaps: confirmed.map((group) => ({ channel: group.channel, rules: group.rules })) },
      },
    );
  }

  private otherwise(): void {
    const otherwise = this.checked.otherwise;
    if (otherwise === undefined) return;
    if (this.analysis.otherwise.status === 'undecided') {
      this.push(
        otherwise.span,
        'analysis-incomplete',
        'The exact analysis reached its limits and could not decide whether any event is left for `otherwise`; it makes no claim about that.',
      );
      return;
    }
    if (this.analysis.otherwise.status !== 'unreachable') return;
    if (this.checked.skippedRules > 0) return;
    const event: ExampleValues = {};
    const result = this.classifier.classify(toProps(event));
    if (result < 0) {
      this.push(otherwise.span, 'analysis-incomplete', 'The exact analysis found no event left for `otherwise`, but the engine did not confirm it; no claim is made.');
      return;
    }
    const channel = this.classifier.channelOf(result);
    this.push(
      otherwise.span,
      'unreachable-otherwise',
      `\`otherwise ${quote(otherwise.channel)}\` is never used: the rules give every event a channel. ` +
        `For example ${describeEvent(event)} gets ${quote(channel)} from line ${this.checked.rules[result]!.line}.`,
      { unnecessary: true, example: { event, channel } },
    );
  }

  /**
   * The example, or another event of its box, that the engine classifies as `expected`
   * says and that rule `index` matches; undefined when none is found.
   */
  private confirm(fact: ExampleFact, expected: (result: number) => boolean, index: number): (ExampleEvent & { result: number }) | undefined {
    for (const event of this.candidates(fact)) {
      const props = toProps(event);
      const result = this.classifier.classify(props);
      if (!expected(result) || !this.matches(index, props)) continue;
      return { event, channel: this.classifier.channelOf(result), result };
    }
    return undefined;
  }

  private *candidates(fact: ExampleFact): Iterable<ExampleValues> {
    yield fact.event;
    let count = 0;
    for (const event of this.analysis.space.alternativeEvents(fact.box, fact.event)) {
      yield event;
      if (++count >= MAX_ALTERNATIVE_EXAMPLES) return;
    }
  }

  /** Whether rule `index` alone matches the event (the engine's own compiled test). */
  private matches(index: number, props: EventProps): boolean {
    let classifier = this.single.get(index);
    if (classifier === undefined) {
      const rule = this.checked.rules[index]!;
      classifier = compileClassifier({ ...this.checked, rules: [{ ...rule, index: 0 }], otherwise: undefined });
      this.single.set(index, classifier);
    }
    return classifier.classify(props) === 0;
  }

  private push(span: Diagnostic['span'], code: Diagnostic['code'], message: string, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ code, severity: DEFAULT_SEVERITY[code], message, span, ...extra });
  }
}

/** An example as event properties: flat keys, so a dotted field is that field only. */
function toProps(event: ExampleValues): EventProps {
  return { ...event };
}

function quote(channel: string | null): string {
  return channel === null ? 'no channel (unclassified)' : JSON.stringify(channel);
}

function lines(numbers: readonly number[]): string {
  return numbers.length === 1 ? `line ${numbers[0]}` : `lines ${joinWords(numbers.map(String))}`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
