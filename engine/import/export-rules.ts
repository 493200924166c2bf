// The one entry point of export (SPEC §8), used by the CLI and the editor command:
// rules text → the GA4 ChannelGroup JSON text, or ImportError naming `file:line`.

import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../check/check-rules';
import { syntaxDiagnostics } from '../diagnostics';
import { LineIndex } from '../text/line-index';
import { exportGa4ChannelGroup } from './ga4/export-ga4';
import { ImportError } from './import-error';

export interface ExportOptions {
  /** The rules file as shown in messages. */
  fileName: string;
  /** The channel group's displayName. */
  name: string;
}

export function exportRulesText(text: string, options: ExportOptions): string {
  const lines = new LineIndex(text);
  const parsed = parseChannels(text);
  const checked = checkRules(parsed, text);
  const error = [...syntaxDiagnostics(parsed.errors), ...checked.diagnostics].find((diagnostic) => diagnostic.severity === 'error' && diagnostic.code !== 'failed-expectation');
  if (error !== undefined) {
    const at = lines.position(error.span.start);
    throw new ImportError(`${error.code}: ${error.message} (fix the rules first)`, `${options.fileName}:${at.line + 1}:${at.character + 1}`);
  }
  const group = exportGa4ChannelGroup(checked, { name: options.name, fileName: options.fileName, text, lineOf: (offset) => lines.position(offset).line + 1 });
  return `${JSON.stringify(group, null, 2)}\n`;
}
