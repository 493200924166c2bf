// `check --format text`: compiler-style lines, `file:line:col severity code message`
// (1-based line and column, UTF-16 columns), then the example event and the related
// places, indented; a summary line at the end.

import { countSeverities, describeCounts, describeExample, type CheckedFile } from './check-results';

export function renderCheckText(files: readonly CheckedFile[]): string {
  const lines: string[] = [];
  for (const { file, lineIndex, diagnostics } of files) {
    for (const diagnostic of diagnostics) {
      const at = lineIndex.position(diagnostic.span.start);
      lines.push(`${file}:${at.line + 1}:${at.character + 1} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`);
      if (diagnostic.example !== undefined) lines.push(`    example: ${describeExample(diagnostic.example)}`);
      for (const related of diagnostic.related ?? []) {
        const relatedFile = related.file ?? file;
        const place = relatedFile === file ? lineIndex.position(related.span.start) : undefined;
        lines.push(`    ${relatedFile}${place === undefined ? '' : `:${place.line + 1}:${place.character + 1}`}: ${related.message}`);
      }
    }
  }
  const counts = countSeverities(files);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const scope = `${files.length} file${files.length === 1 ? '' : 's'} checked`;
  lines.push(total === 0 ? `${scope}: no problems` : `${scope}: ${describeCounts(counts)}`);
  return `${lines.join('\n')}\n`;
}
