// suspicious-regex: unescaped dots in domain-like patterns, and super-linear
// backtracking (scslre), with exact ranges; valid regexes that are fine stay quiet.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexDiagnostics, suspiciousRegexDiagnostics } from '../../engine/analysis/suspicious-regex';
import { rulesFrom } from '../classify/rules-under-test';

function flagged(pattern: string): string[] {
  const regex = { kind: 'regex' as const, pattern, flags: '', raw: `/${pattern}/`, span: { start: 0, end: pattern.length + 2 } };
  return regexDiagnostics(regex, false).map((diagnostic) => `${regex.raw.slice(diagnostic.span.start, diagnostic.span.end)}: ${diagnostic.message.split(/[:.]/)[0]}`);
}

describe('suspicious regexes', () => {
  it.each([
    ['google.com', ['.: `']],
    ['^m.facebook.com$', ['.: `', '.: `']],
    ['(^|\\.)google.co.uk$', ['.: `', '.: `']],
    ['^(a+)+$', ["(a+)+: This pattern can backtrack exponentially in backtracking regex engines (Java's, in Spark SQL; Channel Rules and RE2 match in linear time)"]],
    ['^\\d*\\d*x$', ["\\d*\\d*: This pattern can backtrack super-linearly in backtracking regex engines (Java's, in Spark SQL; Channel Rules and RE2 match in linear time)"]],
    // The outer `+` nests them, and the second `x+` trades with the first of the next round: said once, on both.
    ['(x+x+)+y', ["x+x+: This pattern can backtrack exponentially in backtracking regex engines (Java's, in Spark SQL; Channel Rules and RE2 match in linear time)", "(x+x+)+: This pattern can backtrack exponentially in backtracking regex engines (Java's, in Spark SQL; Channel Rules and RE2 match in linear time)"]],
  ])('flags /%s/', (pattern, expected) => {
    expect(flagged(pattern)).toEqual(expected);
  });

  it.each(['google\\.com', '[.]com', '^(.*cp.*|ppc|retargeting|paid.*)$', 'a.b', 'www.', '.*shop', '\\s*$', 'utm.1'])('leaves /%s/ alone', (pattern) => {
    expect(flagged(pattern)).toEqual([]);
  });

  it('says each thing once, on a span of at least one character inside the pattern', () => {
    const pieces = ['x', 'x+', 'x*', 'x?', '(x+)+', '(?:x|xx)+', '\\d*', '[xy]+', '(x+x+)+', 'y', '.', '.*', '^', '$', 'a.com'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }), fc.boolean(), (parts, ignoreCase) => {
        const pattern = parts.join('');
        const regex = { kind: 'regex' as const, pattern, flags: '', raw: `/${pattern}/`, span: { start: 0, end: pattern.length + 2 } };
        const said = regexDiagnostics(regex, ignoreCase).map((diagnostic) => {
          expect(diagnostic.span.start).toBeGreaterThanOrEqual(1);
          expect(diagnostic.span.end).toBeGreaterThan(diagnostic.span.start);
          expect(diagnostic.span.end).toBeLessThanOrEqual(pattern.length + 1);
          return `${diagnostic.span.start} ${diagnostic.span.end} ${diagnostic.message}`;
        });
        expect(new Set(said).size).toBe(said.length);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves an unclosed regex to the parser (the rest of its line is no pattern)', () => {
    for (const text of ['channel "A"\n  when a matches /(x+x+)+y\n', 'channel "A"\n  when a matches /google.com\n']) {
      const rules = rulesFrom(text);
      expect(rules.parsed.errors).toHaveLength(1);
      expect(suspiciousRegexDiagnostics(rules.parsed.tree, rules.checked)).toEqual([]);
    }
  });

  it('reads a regex as its condition compares it: matching case holds in a case insensitive file', () => {
    // Case-sensitive, `a*` and `A*` share no character; ignoring case they trade every a and A.
    const text = 'case insensitive\nchannel "A"\n  when x matches /^(a*A*)$/ matching case\n  when y matches /^(a*A*)$/\n  when z matches /^(a*A*)$/i\n';
    const rules = rulesFrom(text);
    const lines = suspiciousRegexDiagnostics(rules.parsed.tree, rules.checked).map((diagnostic) => text.slice(0, diagnostic.span.start).split('\n').length);
    expect(lines).toEqual([4, 5]);
  });

  it('gives an example the pattern wrongly matches', () => {
    const regex = { kind: 'regex' as const, pattern: 'google.com', flags: '', raw: '/google.com/', span: { start: 10, end: 22 } };
    const [diagnostic] = regexDiagnostics(regex, false);
    expect(diagnostic).toMatchObject({ code: 'suspicious-regex', severity: 'warning', span: { start: 17, end: 18 }, data: { replacement: '\\.' } });
    expect(diagnostic!.message).toContain('"googlexcom"');
  });
});
