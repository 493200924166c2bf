// Semantic diff of two versions of a rules file (SPEC §7 `diff`, §7.4).
//
//   const diff = await diffRules(base, head, { sample: { path: 'events.ndjson' } });
//
// Both versions are analysed in one region space (engine/analysis/regions), so their
// rules' regions are comparable:
//   - ./rule-changes: rules added, removed, changed, moved (identity by channel and
//     normalized condition, then by equal meaning);
//   - ./channel-moves: every (old channel → new channel) move some possible event
//     makes, each with an example event both compiled classifiers confirm;
//   - analyzeRules on each version: rules that became unreachable in the head;
//   - ./sample-moves: with sample events, how many of them move, from × to.
// Nothing is claimed that was not decided: when a budget stops the search, `complete`
// is false and `incomplete` says what is open. Moves seen in the sample but left open
// by the analysis are still listed — a real event proves them.

import type { EventFields, EventSourceOptions } from '../events/event-source';
import { analyzeRules, type AnalysisLimits, type RuleListAnalysis } from '../analysis/analyze-rules';
import { DEFAULT_REGION_LIMITS, RegionSpace, type ExampleValues, type RegionLimits } from '../analysis/regions';
import { NEVER_CANCELLED, type CancellationToken } from '../cancellation';
import type { CheckedRules } from '../check/checked-rules';
import { OTHERWISE, type Classifier } from '../classify/classifier';
import type { EventSource, RunProgress } from '../report/run-report';
import { DEFAULT_MOVE_LIMITS, findChannelMoves, type MoveLimits } from './channel-moves';
import { compareRules, ruleRef } from './rule-changes';
import type { ChannelMove, NewlyUnreachable, Outcome, RulesDiff } from './rules-diff';
import { channelOrder, compareOnSample, type SampleThreads } from './sample-moves';

export interface RulesVersion {
  text: string;
  checked: CheckedRules;
  classifier: Classifier;
}

export interface DiffLimits extends MoveLimits, RegionLimits {
  /** Limits of the per-version analysis (unreachable rules). */
  analysis?: Partial<AnalysisLimits>;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = { ...DEFAULT_MOVE_LIMITS, ...DEFAULT_REGION_LIMITS };

export interface DiffOptions {
  /** Sample events to count moves on. */
  sample?: EventSource;
  /** With a sample: the field holding the channel the data carries (SPEC §9), compared on both versions. */
  against?: string;
  token?: CancellationToken;
  limits?: Partial<DiffLimits>;
  onSampleProgress?: (progress: RunProgress) => void;
  /** Whose export the sample is (SPEC §3.2); default detected. */
  sampleEventFields?: EventSourceOptions;
  /** Called once with how the sample's records are read. */
  onSampleEventFields?: (fields: EventFields) => void;
  /** Most bytes one `.gz` file or zip entry of the sample may expand to. */
  maxEntrySize?: number;
  /** Threads that read the sample (`--threads`; engine/report/threaded-report), and for tests their script and range size. */
  sampleThreads?: SampleThreads;
}

export async function diffRules(base: RulesVersion, head: RulesVersion, options: DiffOptions = {}): Promise<RulesDiff> {
  const limits: DiffLimits = { ...DEFAULT_DIFF_LIMITS, ...options.limits };
  const token = options.token ?? NEVER_CANCELLED;
  const space = new RegionSpace([base.checked.rules, head.checked.rules], {
    maxAutomatonNodes: limits.maxAutomatonNodes,
    maxBoxes: limits.maxBoxes,
  });
  const analysisOptions = { token, ...(limits.analysis === undefined ? {} : { limits: limits.analysis }) };
  const baseAnalysis = await analyzeRules(base.checked, analysisOptions);
  const headAnalysis = await analyzeRules(head.checked, analysisOptions);

  const { changes, baseOf } = compareRules(base, head, space, limits.maxStepsPerQuestion);
  const search = await findChannelMoves(
    space,
    { classifier: base.classifier, analysis: baseAnalysis },
    { classifier: head.classifier, analysis: headAnalysis },
    { limits, token },
  );

  const fields = [...new Set([...base.checked.fields, ...head.checked.fields])];
  const readable = (event: ExampleValues): ExampleValues => inFieldOrder(fields, event);
  const outcome = (version: RulesVersion, which: 'base' | 'head', result: number): Outcome =>
    result >= 0
      ? { kind: 'rule', rule: ruleRef(which, version.checked.rules[result]!, version.text) }
      : result === OTHERWISE
        ? { kind: 'otherwise' }
        : { kind: 'unclassified' };
  const moves = new Map<string, ChannelMove>();
  for (const found of search.found) {
    moves.set(pairKey(found.from, found.to), {
      from: found.from,
      to: found.to,
      example: {
        event: readable(found.event),
        base: outcome(base, 'base', found.baseResult),
        head: outcome(head, 'head', found.headResult),
        source: 'analysis',
      },
    });
  }

  let sample: RulesDiff['sample'];
  if (options.sample !== undefined) {
    const run = await compareOnSample(options.sample, base.classifier, head.classifier, {
      token,
      ...(options.onSampleProgress === undefined ? {} : { onProgress: options.onSampleProgress }),
      ...(options.sampleEventFields === undefined ? {} : { eventFields: options.sampleEventFields }),
      ...(options.onSampleEventFields === undefined ? {} : { onEventFields: options.onSampleEventFields }),
      ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
      ...(options.against === undefined ? {} : { against: options.against }),
      ...(options.sampleThreads === undefined ? {} : { threads: options.sampleThreads }),
    });
    sample = run.comparison;
    for (const example of run.examples) {
      const key = pairKey(example.from, example.to);
      if (moves.has(key)) continue;
      // A move the analysis left open (or, were the analysis wrong, missed): a real event shows it.
      const props = { ...example.event };
      const baseResult = base.classifier.classify(props);
      const headResult = head.classifier.classify(props);
      const confirmed =
        base.classifier.channelOf(baseResult) === example.from && head.classifier.channelOf(headResult) === example.to;
      moves.set(key, {
        from: example.from,
        to: example.to,
        example: {
          event: readable(example.event),
          base: outcome(base, 'base', confirmed ? baseResult : example.baseResult),
          head: outcome(head, 'head', confirmed ? headResult : example.headResult),
          source: 'sample',
          sampleLine: example.line,
          ...(example.entry === undefined ? {} : { sampleEntry: example.entry }),
        },
      });
    }
    const counts = new Map(sample.cells.map((cell) => [pairKey(cell.from, cell.to), cell.events]));
    for (const [key, move] of moves) move.sampleEvents = counts.get(key) ?? 0;
  }

  const fromOrder = channelOrder(base.classifier);
  const toOrder = channelOrder(head.classifier);
  const orderedMoves = [...moves.values()].sort((x, y) => fromOrder(x.from) - fromOrder(y.from) || toOrder(x.to) - toOrder(y.to));

  const incomplete: string[] = [];
  for (const pair of search.undecided) {
    if (moves.has(pairKey(pair.from, pair.to))) continue;
    incomplete.push(`whether any event moves from ${channelName(pair.from)} to ${channelName(pair.to)} (${pair.reason})`);
  }
  if (search.stopped !== undefined) incomplete.push(search.stopped);

  return {
    rules: changes,
    moves: orderedMoves,
    unreachable: newlyUnreachable(base, head, baseAnalysis, headAnalysis, baseOf),
    complete: incomplete.length === 0,
    incomplete,
    ...(sample === undefined ? {} : { sample }),
    baseChannels: [...base.checked.channels],
    headChannels: [...head.checked.channels],
  };
}

/** Head rules never used whose base counterpart was used (or that are new). */
function newlyUnreachable(
  base: RulesVersion,
  head: RulesVersion,
  baseAnalysis: RuleListAnalysis,
  headAnalysis: RuleListAnalysis,
  baseOf: ReadonlyMap<number, number>,
): NewlyUnreachable[] {
  const dead = (status: string | undefined): status is 'unreachable' | 'unsatisfiable' => status === 'unreachable' || status === 'unsatisfiable';
  const result: NewlyUnreachable[] = [];
  head.checked.rules.forEach((rule, index) => {
    const facts = headAnalysis.rules[index];
    if (facts === undefined || !dead(facts.status)) return;
    const counterpart = baseOf.get(index);
    if (counterpart !== undefined && dead(baseAnalysis.rules[counterpart]?.status)) return;
    result.push({
      rule: ruleRef('head', rule, head.text),
      status: facts.status,
      coveredBy: facts.coveredBy.map((other) => ruleRef('head', head.checked.rules[other]!, head.text)),
    });
  });
  return result;
}

/** The event's fields in the order the rules first test them (base, then head). */
function inFieldOrder(fields: readonly string[], event: ExampleValues): ExampleValues {
  const position = (field: string): number => {
    const at = fields.indexOf(field);
    return at < 0 ? fields.length : at;
  };
  return Object.fromEntries(Object.entries(event).sort(([a], [b]) => position(a) - position(b)));
}

function channelName(channel: string | null): string {
  return channel === null ? '(unclassified)' : JSON.stringify(channel);
}

function pairKey(from: string | null, to: string | null): string {
  return JSON.stringify([from, to]);
}
