// suspicious-regex: unescaped dots in domain-like patterns, and super-linear
// backtracking (scslre), with exact ranges; valid regexes that are fine stay quiet.

import { describe, expect, it } from 'vitest';
import { regexDiagnostics } from '../../engine/analysis/suspicious-regex';

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
  ])('flags /%s/', (pattern, expected) => {
    expect(flagged(pattern)).toEqual(expected);
  });

  it.each(['google\\.com', '[.]com', '^(.*cp.*|ppc|retargeting|paid.*)$', 'a.b', 'www.', '.*shop', '\\s*$', 'utm.1'])('leaves /%s/ alone', (pattern) => {
    expect(flagged(pattern)).toEqual([]);
  });

  it('gives an example the pattern wrongly matches', () => {
    const regex = { kind: 'regex' as const, pattern: 'google.com', flags: '', raw: '/google.com/', span: { start: 10, end: 22 } };
    const [diagnostic] = regexDiagnostics(regex, false);
    expect(diagnostic).toMatchObject({ code: 'suspicious-regex', severity: 'warning', span: { start: 17, end: 18 }, data: { replacement: '\\.' } });
    expect(diagnostic!.message).toContain('"googlexcom"');
  });
});
