// Each diagnostic of the analysis on small fixture files (test/fixtures/analysis):
// exact ranges, messages, related rules and example events, as `check --format json`
// reports them (SPEC §7.3). Checker diagnostics (placeholder-value, …) are left out:
// they have their own suite. Every example is also run through the engine here.
//
// After an intended change, regenerate with UPDATE_ANALYSIS_FIXTURES=1 and review the diff.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../engine/analysis/check-document';
import type { DiagnosticCode } from '../../engine/diagnostics';
import { LineIndex } from '../../engine/text/line-index';
import { checkJson } from '../../cli/format/check-json';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'analysis');
const ANALYSIS_CODES = new Set<DiagnosticCode>([
  'unreachable-rule',
  'unsatisfiable-rule',
  'overlapping-rule',
  'redundant-condition',
  'unreachable-otherwise',
  'suspicious-regex',
  'analysis-incomplete',
]);

const names = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.channels'))
  .map((name) => name.slice(0, -'.channels'.length));

describe('analysis diagnostics on fixture files', () => {
  it.each(names)('%s', async (name) => {
    const file = `${name}.channels`;
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const document = await checkDocument(text, { file });
    const diagnostics = document.diagnostics.filter((diagnostic) => ANALYSIS_CODES.has(diagnostic.code));
    for (const diagnostic of diagnostics) {
      if (diagnostic.example === undefined) continue;
      const result = document.classifier.classify({ ...diagnostic.example.event });
      expect(document.classifier.channelOf(result)).toBe(diagnostic.example.channel);
    }
    const actual = checkJson([{ file, text, lineIndex: new LineIndex(text), diagnostics }]);
    const expectedFile = path.join(FIXTURES, `${name}.expected.json`);
    if (process.env.UPDATE_ANALYSIS_FIXTURES === '1') fs.writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
  });
});
