// `check --format json`: SPEC §7.3 — one array of diagnostics, in file then position
// order, with 0-based UTF-16 line/character ranges.

import type { Range } from '../../engine/text/line-index';
import type { CheckedFile } from './check-results';

export interface CheckJsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  message: string;
  range: Range;
  related: Array<{ file: string; range: Range; message: string }>;
  example?: { event: Record<string, string | null>; channel: string | null };
}

export function checkJson(files: readonly CheckedFile[]): CheckJsonDiagnostic[] {
  return files.flatMap(({ file, lineIndex, diagnostics }) =>
    diagnostics.map((diagnostic): CheckJsonDiagnostic => {
      const entry: CheckJsonDiagnostic = {
        file,
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.message,
        range: lineIndex.range(diagnostic.span),
        related: (diagnostic.related ?? []).map((related) => ({
          file: related.file ?? file,
          range: lineIndex.range(related.span),
          message: related.message,
        })),
      };
      if (diagnostic.example !== undefined) entry.example = { event: diagnostic.example.event, channel: diagnostic.example.channel };
      return entry;
    }),
  );
}

export function renderCheckJson(files: readonly CheckedFile[]): string {
  return `${JSON.stringify(checkJson(files), null, 2)}\n`;
}
