// `channel-rules test FILE…`: runs the files' `expect` statements (SPEC §2.3).

import { evaluateExpectations } from '../../engine/check/expectations';
import type { CheckedExpectation } from '../../engine/check/checked-rules';
import type { Diagnostic } from '../../engine/diagnostics';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadRules, namedOnce, type LoadedRules } from '../load-rules';
import { escapeControlCharacters, escapeLine } from '../format/terminal-text';

const FORMATS = ['text', 'junit'] as const;

interface ExpectationOutcome {
  expectation: CheckedExpectation;
  /** 1-based line of the `expect`. */
  line: number;
  /** The `expect` statement as written, on one line. */
  title: string;
  failure?: Diagnostic;
}

interface FileOutcome {
  rules: LoadedRules;
  outcomes: ExpectationOutcome[];
  durationMs: number;
}

export const testCommand: Command = {
  name: 'test',
  summary: "run the files' expect statements",
  help: `Usage: channel-rules test FILE… [--format text|junit]

Runs every \`expect\` statement of the rules files: each names an event and the
channel it must get. Exit 1 when one fails (the message says which channel the event
got instead, and from which rule), 2 when a file cannot be read or has errors.

Options:
  --format text|junit   text (default) for people, junit XML for CI test reports
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('test', argv, { format: { type: 'string', trimmed: true } });
    const format = formatOption('test', values.format, FORMATS, 'text');
    if (positionals.length === 0) throw new UsageError('test: expected at least one rules file');
    const files: FileOutcome[] = namedOnce(positionals).map((file) => {
      const rules = loadRules('test', file);
      const started = performance.now();
      const failures = evaluateExpectations(rules.checked, rules.classifier, rules.file);
      const outcomes = rules.checked.expectations.map((expectation): ExpectationOutcome => {
        const failure = failures.find((diagnostic) => diagnostic.span.start === expectation.span.start);
        const line = rules.lineIndex.lineNumber(expectation.span.start);
        const title = rules.text.slice(expectation.span.start, expectation.span.end).replace(/\s+/g, ' ');
        return { expectation, line, title, failure };
      });
      return { rules, outcomes, durationMs: performance.now() - started };
    });
    io.stdout.write(format === 'junit' ? renderJunit(files) : escapeControlCharacters(renderText(files)));
    return files.some((file) => file.outcomes.some((outcome) => outcome.failure !== undefined)) ? 1 : 0;
  },
};

function renderText(files: FileOutcome[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const { rules, outcomes } of files) {
    // Each line one line: a line break in a file name is written `\n`, as in other text output.
    const file = escapeLine(rules.file);
    lines.push(`${file}: ${outcomes.length} expectation${outcomes.length === 1 ? '' : 's'}`);
    for (const outcome of outcomes) {
      if (outcome.failure === undefined) {
        passed++;
        lines.push(`  ✓ ${file}:${outcome.line} ${escapeLine(outcome.title)}`);
      } else {
        failed++;
        const at = rules.lineIndex.position(outcome.expectation.span.start);
        lines.push(`  ✗ ${file}:${outcome.line}:${at.character + 1} ${escapeLine(outcome.title)}`);
        lines.push(`      ${escapeLine(outcome.failure.message)}`);
      }
    }
  }
  lines.push('', `${passed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

/** Text: also a carriage return as a reference, which an XML parser's end-of-line handling would read back as a line feed. */
function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD') // not allowed in XML 1.0
    .replace(/\r/g, '&#13;');
}

/** An attribute value: also its line breaks and tabs as references, which attribute-value normalisation would make spaces. */
function xmlAttribute(text: string): string {
  return xml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function renderJunit(files: FileOutcome[]): string {
  const tests = files.reduce((sum, file) => sum + file.outcomes.length, 0);
  const failures = files.reduce((sum, file) => sum + file.outcomes.filter((o) => o.failure).length, 0);
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const total = files.reduce((sum, file) => sum + file.durationMs, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="channel-rules test" tests="${tests}" failures="${failures}" errors="0" time="${time(total)}">`];
  for (const { rules, outcomes, durationMs } of files) {
    const fileFailures = outcomes.filter((o) => o.failure).length;
    out.push(`  <testsuite name="${xmlAttribute(rules.file)}" tests="${outcomes.length}" failures="${fileFailures}" errors="0" skipped="0" time="${time(durationMs)}">`);
    for (const outcome of outcomes) {
      const attributes = `name="${xmlAttribute(`line ${outcome.line}: ${outcome.title}`)}" classname="${xmlAttribute(rules.file)}" file="${xmlAttribute(rules.file)}" line="${outcome.line}" time="0"`;
      if (outcome.failure === undefined) {
        out.push(`    <testcase ${attributes}/>`);
      } else {
        out.push(`    <testcase ${attributes}>`);
        out.push(`      <failure message="${xmlAttribute(outcome.failure.message)}" type="failed-expectation">${xml(`${rules.file}:${outcome.line}: ${outcome.failure.message}\nevent: ${JSON.stringify(outcome.failure.example?.event ?? {})}`)}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
