// `check --format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF
// viewers. One run; the tool's rules are every diagnostic code (stable ids, with help
// text and a link into docs/diagnostics.md); each result has its region in UTF-16
// columns (`columnKind`), the covering or overlapping rules as related locations, the
// example event as a property, and a partial fingerprint that survives lines being
// added above it (the code and the flagged text, not its line number; GitHub keeps
// fingerprints per file).

import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DEFAULT_SEVERITY, type DiagnosticCode, type Severity } from '../../engine/diagnostics';
import type { Span } from '../../grammar/syntax-tree';
import type { LineIndex } from '../../engine/text/line-index';
import type { CheckedFile } from './check-results';
import { REPOSITORY_URL } from '../../engine/version';
import { DIAGNOSTIC_HELP, helpUri } from './check-rule-help';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The diagnostic codes in a fixed order: a result's `ruleIndex` points into it. */
const CODES = Object.keys(DIAGNOSTIC_HELP) as DiagnosticCode[];

export function checkSarif(files: readonly CheckedFile[], version: string): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = CODES.map((code) => {
    const help = DIAGNOSTIC_HELP[code];
    const uri = helpUri(code);
    return {
      id: code,
      name: help.title.replace(/[^A-Za-z]+(.)/g, (_, letter: string) => letter.toUpperCase()).replace(/^./, (first) => first.toUpperCase()),
      shortDescription: { text: help.summary },
      fullDescription: { text: `${help.summary} ${help.help}` },
      help: { text: help.help, markdown: uri === undefined ? help.help : `${help.help}\n\n[Documentation](${uri})` },
      ...(uri === undefined ? {} : { helpUri: uri }),
      defaultConfiguration: { level: LEVELS[DEFAULT_SEVERITY[code]] },
    };
  });
  const results: Sarif.Result[] = [];
  const artifacts: Sarif.Artifact[] = [];
  files.forEach(({ file, text, lineIndex, diagnostics }, artifactIndex) => {
    const uri = artifactUri(file);
    artifacts.push({ location: { uri }, length: Buffer.byteLength(text, 'utf8'), mimeType: 'text/plain' });
    const location = (span: Span): Sarif.PhysicalLocation => ({
      artifactLocation: { uri, index: artifactIndex },
      region: region(lineIndex, span),
    });
    const seen = new Map<string, number>();
    for (const diagnostic of diagnostics) {
      const flagged = text.slice(diagnostic.span.start, diagnostic.span.end).replace(/\s+/g, ' ').trim();
      const key = `${diagnostic.code}\u0000${flagged}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const result: Sarif.Result = {
        ruleId: diagnostic.code,
        ruleIndex: CODES.indexOf(diagnostic.code),
        level: LEVELS[diagnostic.severity],
        message: { text: diagnostic.message },
        locations: [{ physicalLocation: location(diagnostic.span) }],
        partialFingerprints: { 'channelRules/v1': `${hash(key)}:${occurrence}` },
      };
      const related = (diagnostic.related ?? []).filter((entry) => entry.file === undefined || entry.file === file);
      if (related.length > 0) {
        result.relatedLocations = related.map((entry, id) => ({ id, physicalLocation: location(entry.span), message: { text: entry.message } }));
      }
      if (diagnostic.example !== undefined) result.properties = { example: { event: diagnostic.example.event, channel: diagnostic.example.channel } };
      results.push(result);
    }
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'channel-rules', version, ...(REPOSITORY_URL === undefined ? {} : { informationUri: REPOSITORY_URL }), rules } },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
      },
    ],
  };
}

export function renderCheckSarif(files: readonly CheckedFile[], version: string): string {
  return `${JSON.stringify(checkSarif(files, version), null, 2)}\n`;
}

/** 1-based lines and columns; SARIF's end column is the one after the region. */
function region(lineIndex: LineIndex, span: Span): Sarif.Region {
  const { start, end } = lineIndex.range(span);
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** A relative path stays relative (code scanning resolves it from the repository root); an absolute one becomes a file: URI. */
function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
