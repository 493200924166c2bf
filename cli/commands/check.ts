// `channel-rules check FILE…` (SPEC §7, §7.3): every diagnostic of each rules file —
// syntax and checker errors, failed expectations, suspicious regexes and the exact
// analysis (unreachable, unsatisfiable and overlapping rules, redundant conditions,
// an unused `otherwise`), each claim with an example event the engine confirmed.

import fs from 'node:fs';
import { checkDocument } from '../../engine/analysis/check-document';
import { LineIndex } from '../../engine/text/line-index';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { countSeverities, type CheckedFile } from '../format/check-results';
import { markdownSummary, renderCheckGithub } from '../format/check-github';
import { renderCheckJson } from '../format/check-json';
import { renderCheckSarif } from '../format/check-sarif';
import { renderCheckText } from '../format/check-text';
import { namedOnce, readRulesFile } from '../load-rules';
import { compareDiagnostics } from '../../engine/diagnostics';
import { VERSION } from '../../engine/version';
import { escapeControlCharacters } from '../format/terminal-text';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export const checkCommand: Command = {
  name: 'check',
  summary: 'diagnostics: errors, unreachable and overlapping rules, with example events',
  help: `Usage: channel-rules check FILE… [--format text|json|sarif|github] [--max-warnings N]

Checks rules files: syntax and checker errors, failed \`expect\` statements,
suspicious regexes, and the exact analysis of the rule order — unreachable,
unsatisfiable and overlapping rules, redundant conditions, an \`otherwise\` that is
never used — each claim with an example event the engine classifies as stated.

Options:
  --format text|json|sarif|github
      text (default): file:line:col severity code message, then the example
      json:   an array of diagnostics (0-based UTF-16 ranges)
      sarif:  SARIF 2.1.0, for GitHub code scanning
      github: workflow-command annotations, plus a Markdown table of every
              diagnostic appended to $GITHUB_STEP_SUMMARY when it is set
  --max-warnings N   exit 1 when there are more than N warnings

Exit 0 when there is no error (and no more warnings than --max-warnings allows), 1
otherwise, 2 when a file cannot be read or the usage is wrong.
See docs/diagnostics.md for every diagnostic.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('check', argv, {
      format: { type: 'string', trimmed: true },
      'max-warnings': { type: 'string', trimmed: true },
    });
    const format = formatOption('check', values.format, FORMATS, 'text');
    const maxWarnings = values['max-warnings'] === undefined ? undefined : warningsLimit(values['max-warnings']);
    if (positionals.length === 0) throw new UsageError('check: expected at least one rules file');
    const named = namedOnce(positionals);
    const texts = named.map((file) => ({ file, ...readRulesFile('check', file, 'rules file') }));
    const files: CheckedFile[] = [];
    for (const { file, text, encodingDiagnostics } of texts) {
      const document = await checkDocument(text, { file });
      const diagnostics = encodingDiagnostics.length === 0 ? document.diagnostics : [...encodingDiagnostics, ...document.diagnostics].sort(compareDiagnostics);
      files.push({ file, text, lineIndex: new LineIndex(text), diagnostics });
    }

    switch (format) {
      case 'text':
        io.stdout.write(escapeControlCharacters(renderCheckText(files)));
        break;
      case 'json':
        io.stdout.write(renderCheckJson(files));
        break;
      case 'sarif':
        io.stdout.write(renderCheckSarif(files, VERSION));
        break;
      case 'github': {
        io.stdout.write(escapeControlCharacters(renderCheckGithub(files)));
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (summaryFile !== undefined && summaryFile !== '') {
          try {
            fs.appendFileSync(summaryFile, escapeControlCharacters(markdownSummary(files)));
          } catch (error) {
            io.stderr.write(`channel-rules check: cannot write the step summary to ${summaryFile}: ${(error as Error).message}\n`);
          }
        }
        break;
      }
    }
    const counts = countSeverities(files);
    return counts.error > 0 || (maxWarnings !== undefined && counts.warning > maxWarnings) ? 1 : 0;
  },
};

function warningsLimit(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`check: --max-warnings expects a whole number of 0 or more, got "${text}"`);
  return Number(text);
}
