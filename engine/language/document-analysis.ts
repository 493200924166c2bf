// The exact analysis of one rules file for the editor: the engine's analysis
// (engine/analysis) resumed from the previous run's unchanged prefix, rendered as
// diagnostics by engine/analysis/analysis-diagnostics (the same as `channel-rules
// check`), plus the suspicious-regex checks, with a wall-clock budget. When the
// budget runs out the run stops and says so (`analysis-incomplete`) rather than guess.

import { CancelledError, type CancellationToken } from '../cancellation';
import { analyzeRules, type RuleListAnalysis } from '../analysis/analyze-rules';
import { analysisDiagnostics } from '../analysis/analysis-diagnostics';
import { suspiciousRegexDiagnostics } from '../analysis/suspicious-regex';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { classifierOf, type RulesDocument } from './document';
import type { RuleVerdict } from './hover';

export interface DocumentAnalysis {
  /** The engine's facts; absent when the run stopped at its time budget. */
  facts?: RuleListAnalysis;
  diagnostics: Diagnostic[];
  timeMs: number;
  /** Rules analysed (checked rules of the file). */
  rules: number;
  /** Rules whose facts were reused from the previous run. */
  reusedRules: number;
  /** Rules some question of which could not be decided within the engine's limits. */
  incompleteRules: number;
  /** The run hit the wall-clock budget and was stopped. */
  stoppedAtBudget: boolean;
}

export interface DocumentAnalysisOptions {
  token: CancellationToken;
  previous?: DocumentAnalysis;
  /** Wall-clock budget of the run in milliseconds. */
  timeBudgetMs: number;
  /** How `file:line` references name the file (default: "this file"). */
  fileName?: string;
}

export async function runDocumentAnalysis(document: RulesDocument, options: DocumentAnalysisOptions): Promise<DocumentAnalysis> {
  const started = performance.now();
  const deadline = started + options.timeBudgetMs;
  let overBudget = false;
  const token: CancellationToken = {
    get isCancellationRequested() {
      if (options.token.isCancellationRequested) return true;
      overBudget = performance.now() > deadline;
      return overBudget;
    },
  };
  const checked = document.checked;
  let facts: RuleListAnalysis;
  try {
    facts = await analyzeRules(checked, { token, ...(options.previous?.facts === undefined ? {} : { previous: options.previous.facts }) });
  } catch (error) {
    if (!(error instanceof CancelledError) || options.token.isCancellationRequested || !overBudget) throw error;
    const first = checked.rules[0];
    const diagnostics: Diagnostic[] = suspiciousRegexDiagnostics(document.parsed.tree, checked);
    if (first !== undefined) {
      diagnostics.push({
        code: 'analysis-incomplete',
        severity: 'information',
        message:
          `The exact analysis stopped at its time budget (${options.timeBudgetMs.toLocaleString('en-US')} ms) before it finished: ` +
          'unreachable, unsatisfiable and overlapping rules may be missing. Raise channelRules.analysis.timeBudgetMs to let it finish.',
        span: { start: first.span.start, end: first.span.start + 4 },
      });
    }
    return {
      diagnostics,
      timeMs: performance.now() - started,
      rules: checked.rules.length,
      reusedRules: 0,
      incompleteRules: checked.rules.length,
      stoppedAtBudget: true,
    };
  }
  // The facts as diagnostics, each example confirmed by the classifier; and the
  // regexes' backtracking and dot checks, which take more than a keystroke's time.
  const diagnostics = [...analysisDiagnostics(checked, facts, classifierOf(document)), ...suspiciousRegexDiagnostics(document.parsed.tree, checked)].sort(
    compareDiagnostics,
  );
  return {
    facts,
    diagnostics,
    timeMs: performance.now() - started,
    rules: checked.rules.length,
    reusedRules: facts.reused,
    incompleteRules: facts.rules.filter((rule) => rule.incomplete.length > 0).length,
    stoppedAtBudget: false,
  };
}

/**
 * What the editor keeps of an analysis: plain data that crosses a worker boundary
 * (the engine's facts hold automata and are kept only where the analysis runs).
 */
export interface PortableAnalysis {
  diagnostics: Diagnostic[];
  /** By checked rule index; empty when the run stopped at its budget. */
  verdicts: RuleVerdict[];
  otherwise?: { status: 'reachable' | 'unreachable' | 'undecided'; example?: Record<string, string | null> };
  timeMs: number;
  rules: number;
  reusedRules: number;
  incompleteRules: number;
  stoppedAtBudget: boolean;
}

export function portable(analysis: DocumentAnalysis): PortableAnalysis {
  const facts = analysis.facts;
  const otherwise = facts?.otherwise;
  return {
    diagnostics: analysis.diagnostics,
    verdicts:
      facts?.rules.map((rule) => ({
        status: rule.status,
        ...(rule.example === undefined ? {} : { example: { ...rule.example.event } }),
        coveredBy: [...rule.coveredBy],
        incomplete: [...rule.incomplete],
      })) ?? [],
    ...(otherwise === undefined
      ? {}
      : { otherwise: { status: otherwise.status, ...(otherwise.example === undefined ? {} : { example: { ...otherwise.example.event } }) } }),
    timeMs: analysis.timeMs,
    rules: analysis.rules,
    reusedRules: analysis.reusedRules,
    incompleteRules: analysis.incompleteRules,
    stoppedAtBudget: analysis.stoppedAtBudget,
  };
}
