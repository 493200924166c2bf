// `check --format github`: GitHub Actions workflow commands, one annotation per
// diagnostic (`::error`, `::warning`, `::notice` with file, line, endLine and title,
// plus col and endColumn when the range is on one line, as GitHub requires), escaped
// as the Actions toolkit does. GitHub shows only ten annotations of each kind on a
// run, so `markdownSummary` lists them all for $GITHUB_STEP_SUMMARY.

import type { DiagnosticCode, Severity } from '../../engine/diagnostics';
import { countSeverities, describeCounts, describeExample, type CheckedFile } from './check-results';
import { DIAGNOSTIC_HELP, helpUri } from './check-rule-help';
import { code as markdownCode, tableCell, text as markdownText } from './markdown-text';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function renderCheckGithub(files: readonly CheckedFile[]): string {
  const lines: string[] = [];
  for (const { file, lineIndex, diagnostics } of files) {
    for (const diagnostic of diagnostics) {
      const { start, end } = lineIndex.range(diagnostic.span);
      // GitHub takes columns only for an annotation on one line.
      const oneLine = start.line === end.line;
      const properties = [
        ['file', file],
        ['line', String(start.line + 1)],
        ...(oneLine ? [['col', String(start.character + 1)]] : []),
        ['endLine', String(end.line + 1)],
        // GitHub's end column is the last annotated column (inclusive).
        ...(oneLine ? [['endColumn', String(Math.max(start.character + 1, end.character))]] : []),
        ['title', `${DIAGNOSTIC_HELP[diagnostic.code].title} (${diagnostic.code})`],
      ]
        .map(([name, value]) => `${name}=${escapeProperty(value!)}`)
        .join(',');
      let message = diagnostic.message;
      if (diagnostic.example !== undefined) message += `\nExample: ${describeExample(diagnostic.example)}`;
      for (const related of diagnostic.related ?? []) {
        message += `\n${related.file ?? file}:${lineIndex.position(related.span.start).line + 1}: ${related.message}`;
      }
      lines.push(`::${COMMANDS[diagnostic.severity]} ${properties}::${escapeData(message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The Markdown appended to $GITHUB_STEP_SUMMARY: counts, then every diagnostic in a table. */
export function markdownSummary(files: readonly CheckedFile[]): string {
  const counts = countSeverities(files);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const lines = ['## channel-rules check', ''];
  lines.push(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${total === 0 ? 'no problems' : describeCounts(counts)}.`, '');
  if (total === 0) return `${lines.join('\n')}\n`;
  lines.push('| Place | Severity | Diagnostic | Message | Example |', '| --- | --- | --- | --- | --- |');
  for (const { file, lineIndex, diagnostics } of files) {
    for (const diagnostic of diagnostics) {
      const at = lineIndex.position(diagnostic.span.start);
      const example = diagnostic.example === undefined ? '' : code(describeExample(diagnostic.example));
      lines.push(
        `| ${code(`${file}:${at.line + 1}:${at.character + 1}`)} | ${diagnostic.severity} | ${codeLink(diagnostic.code)} | ${cell(diagnostic.message)} | ${example} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Workflow command data: %, CR and LF are escaped (as @actions/core does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Text in a Markdown table cell, read as itself (../format/markdown-text): pipes escaped, lines joined with <br>. */
function cell(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => tableCell(markdownText(line)))
    .join('<br>');
}

/** Inline code in a table cell: a fence longer than any run of backticks inside, pipes escaped, on one line. */
function code(text: string): string {
  return tableCell(markdownCode(text));
}

/** The diagnostic's code, linked to its documentation when the package knows where that is. */
function codeLink(diagnosticCode: DiagnosticCode): string {
  const uri = helpUri(diagnosticCode);
  return uri === undefined ? diagnosticCode : `[${diagnosticCode}](${uri})`;
}
