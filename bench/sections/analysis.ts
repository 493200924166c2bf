// The exact analysis of the rules file (default examples/ga4-default.channels): cold
// (the first analysis in a fresh process, as when the editor opens the file or `check`
// runs), warm (again in the same process, on a new text), and after a one-rule edit
// near the end, resumed from the previous analysis as the language server does. Each
// figure includes rendering the diagnostics (with the engine confirming every
// example). Also the semantic diff's core: the moves between the file and a copy with
// that rule edited.

import fs from 'node:fs';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import type { CheckedRules } from '../../engine/check/checked-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { analysisDiagnostics } from '../../engine/analysis/analysis-diagnostics';
import { analyzeRules, type RuleListAnalysis } from '../../engine/analysis/analyze-rules';
import { findMoves } from '../../engine/analysis/moves';
import { percentiles, timed } from '../measure';
import type { BenchSection } from '../section';

const EDITS = 20;

export const analysisSection: BenchSection = {
  name: 'analysis',
  title: 'exact analysis of the rules file: cold, warm, and after a one-rule edit near the end',
  async run(context) {
    const text = fs.readFileSync(context.rulesFile, 'utf8');
    const check = (source: string): CheckedRules => checkRules(parseChannels(source), source);
    const analyse = async (checked: CheckedRules, previous?: RuleListAnalysis) => {
      const analysis = await analyzeRules(checked, previous === undefined ? {} : { previous });
      const diagnostics = analysisDiagnostics(checked, analysis, compileClassifier(checked));
      return { analysis, diagnostics };
    };

    const checked = check(text);
    const cold = await timed(() => analyse(checked));
    const warm = await timed(() => analyse(check(text)));

    // One rule near the end edited again and again, each run resumed from the last.
    const edited = (n: number): string => editRuleNearEnd(text, checked, n);
    let previous = cold.value.analysis;
    const editSeconds: number[] = [];
    let reused = 0;
    for (let n = 1; n <= EDITS; n++) {
      const next = check(edited(n));
      const run = await timed(() => analyse(next, previous));
      editSeconds.push(run.seconds);
      previous = run.value.analysis;
      reused = previous.reused;
    }
    const p = percentiles(editSeconds, [50, 90]);

    const moves = await timed(() => findMoves(checked, check(edited(1))));
    const counts = new Map<string, number>();
    for (const diagnostic of cold.value.diagnostics) counts.set(diagnostic.code, (counts.get(diagnostic.code) ?? 0) + 1);
    return [
      {
        label: 'analysis, cold',
        seconds: cold.seconds,
        detail: `${checked.rules.length} rules; ${[...counts].map(([code, count]) => `${count} ${code}`).join(', ') || 'no diagnostics'}`,
      },
      { label: 'analysis, warm', seconds: warm.seconds },
      {
        label: 'after a one-rule edit (p50)',
        seconds: p.get(50)!,
        detail: `p90 ${(p.get(90)! * 1000).toFixed(1)} ms over ${EDITS} edits; ${reused} of ${checked.rules.length} rules reused`,
      },
      { label: 'moves (diff) vs the edited copy', seconds: moves.seconds, detail: `${moves.value.moves.length} moves` },
    ];
  },
};

/**
 * The text with the second-to-last rule narrowed by a test that changes each time:
 * `and <first field> != "<digits>"` (digits have no case, so no field changes domain).
 */
function editRuleNearEnd(text: string, checked: CheckedRules, n: number): string {
  const rule = checked.rules[Math.max(0, checked.rules.length - 2)];
  const field = checked.fields[0];
  if (rule === undefined || field === undefined) return text;
  const when = text.slice(rule.span.start, rule.span.end);
  const condition = when.replace(/^when\s+/, '');
  const name = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(field) ? field : `\`${field}\``;
  return `${text.slice(0, rule.span.start)}when (${condition}) and ${name} != "${String(n).padStart(6, '0')}"${text.slice(rule.span.end)}`;
}
