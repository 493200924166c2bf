// Fuzzing every engine entry point that takes rules text: the parser, the checker, the
// classifier compiler, the exact analysis, the formatter and the SQL compiler (every
// dialect and format). Nothing may throw (a refusal is a diagnostic or a
// SqlCompileError), and every run ends within the budget.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { checkDocument } from '../../engine/analysis/check-document';
import { formatRules } from '../../engine/format/format-rules';
import { compileRulesSql, SQL_FORMATS } from '../../engine/sql/compile-rules-sql';
import { SqlCompileError } from '../../engine/sql/sql-compile-error';
import { DIALECTS } from '../../engine/sql/dialects';
import { rulesFile } from '../format/arbitrary-rules';
import { FUZZ_TEST_TIMEOUT_MS, fuzzRuns, mutated, nearRulesText, RUN_BUDGET_MS } from './fuzz-budget';

const anyRulesText = fc.oneof(rulesFile, mutated(rulesFile), nearRulesText, fc.string({ unit: 'binary', maxLength: 200 }));

describe('fuzz: rules text', () => {
  it('parser, checker, classifier, formatter and SQL compiler never throw', () => {
    fc.assert(
      fc.property(anyRulesText, (text) => {
        const started = Date.now();
        const parsed = parseChannels(text);
        const checked = checkRules(parsed, text);
        const classifier = compileClassifier(checked);
        classifier.classify({ utm_source: 'a', __proto__: 'x' } as Record<string, unknown>);
        const formatted = formatRules(text, parsed);
        if (formatted !== undefined) expect(parseChannels(formatted.text).errors).toEqual([]);
        if (checked.diagnostics.every((diagnostic) => diagnostic.severity !== 'error') && parsed.errors.length === 0) {
          for (const dialect of Object.values(DIALECTS)) {
            for (const format of SQL_FORMATS) {
              try {
                compileRulesSql(checked, dialect, { format });
              } catch (error) {
                if (!(error instanceof SqlCompileError)) throw error;
              }
            }
          }
        }
        expect(Date.now() - started).toBeLessThan(RUN_BUDGET_MS);
      }),
      { numRuns: fuzzRuns(150) },
    );
  }, FUZZ_TEST_TIMEOUT_MS);

  it('the exact analysis never throws', async () => {
    await fc.assert(
      fc.asyncProperty(anyRulesText, async (text) => {
        const started = Date.now();
        const document = await checkDocument(text, { file: 'fuzz.channels' });
        for (const diagnostic of document.diagnostics) {
          expect(diagnostic.span.start).toBeGreaterThanOrEqual(0);
          expect(diagnostic.span.end).toBeLessThanOrEqual(text.length);
        }
        expect(Date.now() - started).toBeLessThan(RUN_BUDGET_MS);
      }),
      { numRuns: fuzzRuns(40) },
    );
  }, FUZZ_TEST_TIMEOUT_MS);
});
