// Checker diagnostics (SPEC §2.4) with exact spans. In each text, «…» marks where a
// diagnostic is expected; the marks are removed before parsing.

import { describe, expect, it } from 'vitest';
import type { Span } from '../../grammar/syntax-tree';
import type { Diagnostic, DiagnosticCode } from '../../engine/diagnostics';
import { rulesFrom } from '../classify/rules-under-test';

function unmark(marked: string): { text: string; spans: Span[] } {
  const spans: Span[] = [];
  let text = '';
  let open = -1;
  for (const char of marked) {
    if (char === '«') open = text.length;
    else if (char === '»') {
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += char;
  }
  return { text, spans };
}

interface Expected {
  code: DiagnosticCode;
  message?: RegExp;
}

/** Checks the text: no syntax errors, and exactly the expected diagnostics at the marked spans. */
function expectDiagnostics(marked: string, expected: Expected[]): Diagnostic[] {
  const { text, spans } = unmark(marked);
  const rules = rulesFrom(text);
  expect(rules.parsed.errors).toEqual([]);
  const diagnostics = rules.checked.diagnostics;
  expect(diagnostics.map((d) => ({ code: d.code, span: d.span }))).toEqual(
    expected.map((e, i) => ({ code: e.code, span: spans[i] })),
  );
  expected.forEach((e, i) => {
    if (e.message) expect(diagnostics[i]!.message).toMatch(e.message);
  });
  return diagnostics;
}

const rule = (condition: string) => `channel "A"\n  when ${condition}\n`;

describe('unknown-list and duplicate-list', () => {
  it('a list that is not declared', () => {
    const [d] = expectDiagnostics(rule('f in «nope»'), [{ code: 'unknown-list', message: /no list named `nope`/ }]);
    expect(d!.severity).toBe('error');
  });

  it('suggests a close name', () => {
    const [d] = expectDiagnostics(`list search_sites = ["google"]\n${rule('f not in «search_site»')}`, [
      { code: 'unknown-list', message: /did you mean `search_sites`\?/ },
    ]);
    expect(d!.data).toEqual({ suggestion: 'search_sites' });
  });

  it('lists may be declared before or after use', () => {
    expectDiagnostics(`${rule('f in later and g in earlier')}list later = ["a"]\n`.replace(/^/, 'list earlier = ["b"]\n'), []);
  });

  it('the second of two lists with one name, related to the first', () => {
    const { text } = unmark('list «a» = ["x"]\nlist «a» = ["y"]\n');
    const [d] = expectDiagnostics('list a = ["x"]\nlist «a» = ["y"]\n' + rule('f in a'), [
      { code: 'duplicate-list', message: /already declared/ },
    ]);
    expect(d!.severity).toBe('error');
    expect(d!.related).toEqual([{ span: { start: 5, end: 6 }, message: expect.stringContaining('first declared') }]);
    expect(text).toContain('list a');
    // The first declaration is the one used.
    const rules = rulesFrom('list a = ["x"]\nlist a = ["y"]\n' + rule('f in a'));
    expect(rules.checked.lists.get('a')!.values).toEqual(['x']);
    expect(rules.checked.rules).toHaveLength(1);
  });
});

describe('bad-regex: regexpp syntax errors inside the literal, and the RE2-shared subset', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unterminated group marks the pattern', 'f matches /«(abc»/', /unterminated group/i],
    ['an unmatched parenthesis', 'f matches /a«)»/', /unmatched/i],
    ['nothing to repeat', 'f matches /«a**»/', /nothing to repeat/i],
    ['an invalid escape under the u flag', 'f matches /a«\\-»/', /invalid escape/i],
    ['an invalid escape at the end', 'f matches /«a\\1»/', /invalid escape/i],
    ['a range out of order', 'f matches /[b-a«]»/', /out of order/i],
    ['lookahead', 'f matches /a«(?=b)»/', /lookahead/],
    ['negative lookahead', 'f matches /«(?!b)»a/', /lookahead/],
    ['lookbehind', 'f matches /«(?<=a)»b/', /lookbehind/],
    ['negative lookbehind', 'f matches /«(?<!a)»b/', /lookbehind/],
    ['a backreference', 'f matches /(a)«\\1»/', /backreference/],
    ['a property escape', 'f matches /«\\p{L}»+/', /property escape/],
    ['a negated property escape', 'f matches /«\\P{Lu}»/', /property escape/],
    ['a script property escape', 'f matches /«\\p{Script=Greek}»/', /property escape/],
    ['an empty class', 'f matches /a«[]»/', /`\[\]`/],
    ['an empty negated class', 'f matches /«[^]»/', /`\[\^\]`/],
    ['a count over 1000', 'f matches /a«{1001}»/', /above 1000/],
    ['an upper bound over 1000', 'f matches /a«{2,5000}»/', /above 1000/],
    ['an unbounded count from over 1000', 'f matches /a«{1001,}»/', /above 1000/],
    ['a named group', 'f matches /«(?<n>»x)/', /named group/],
    ['inline flags', 'f matches /«(?i:»a)/', /inline flags/],
  ];
  it.each(cases)('%s', (_, condition, message) => {
    const [d] = expectDiagnostics(rule(condition), [{ code: 'bad-regex', message }]);
    expect(d!.severity).toBe('error');
    expect(rulesFrom(unmark(rule(condition)).text).checked.skippedRules).toBe(1);
  });

  it.each(['/ab\\', '/[x', '/(?=x', '/a{1001}'])('an unclosed %s is the parser\'s one error: what it took of the line is not checked as a pattern', (regex) => {
    const rules = rulesFrom(rule(`f matches ${regex}`));
    expect(rules.parsed.errors.map((error) => error.message)).toEqual(['unterminated regex: add a closing `/` before the end of the line']);
    expect(rules.checked.diagnostics).toEqual([]);
  });

  it('refuses a regex past 10,000 states, and only past it', () => {
    expectDiagnostics(rule(`f matches /«${'[a-z]{1000}'.repeat(10)}a»/`), [{ code: 'bad-regex', message: /too large: over 10,000 states/ }]);
  });

  it.each([
    ['a 100,000-character literal', 'a'.repeat(100_000)],
    ['an alternation of 100,000 characters of words', Array.from({ length: 20_000 }, (_, k) => `w${k}`).join('|').slice(0, 100_000)],
  ])('refuses %s as too large, not with a stack overflow (Math.max spread its elements)', (_, pattern) => {
    expectDiagnostics(rule(`f matches /«${pattern}»/`), [{ code: 'bad-regex', message: /too large: over 10,000 states/ }]);
  });

  it.each([
    ['a class', `[${'a'.repeat(99_999)}]`],
    ['a 200,000-character literal', 'a'.repeat(200_000)],
    ['an alternation of 200,000 words', Array.from({ length: 200_000 }, (_, k) => `w${k}`).join('|')],
  ])('refuses %s: longer than 100,000 characters (a class of 16 million took check to 3.6 GB)', (_, pattern) => {
    expectDiagnostics(rule(`f matches /«${pattern}»/`), [
      { code: 'bad-regex', message: new RegExp(`^this regex is too long: ${pattern.length.toLocaleString('en-US')} characters, over this engine's limit of 100,000$`) },
    ]);
  });

  it('takes a pattern of 100,000 characters', () => {
    expectDiagnostics(rule(`f matches /[${'a'.repeat(99_998)}]/`), []);
  });

  it('every problem of one regex is reported', () => {
    expectDiagnostics(rule('f matches /«(?=a)»«\\p{L}»«[]»/'), [{ code: 'bad-regex' }, { code: 'bad-regex' }, { code: 'bad-regex' }]);
  });

  const allowed = [
    '/^(.*cp.*|ppc|retargeting|paid.*)$/',
    '/\\bgo\\b/',
    '/\\Bx/',
    '/a{1000}/',
    '/a{0,1000}/',
    `/${'[a-z]{1000}'.repeat(10)}/`, // 10,000 states: the limit (docs/language.md)
    '/(?:a|b)+?c*?d??/',
    '/[\\-\\/.]/',
    '/[^a-z0-9]/',
    '/\\u{1F600}|\\u00e9|\\x41|\\cA|\\0/',
    '/\\d\\D\\w\\W\\s\\S\\t\\n\\r\\f\\v/',
    '/(a)(b)/',
    '/\\./i',
    '/\\//',
    '/ß/i',
  ];
  it.each(allowed)('allows %s', (regex) => {
    expectDiagnostics(rule(`f matches ${regex}`), []);
  });

  it('a flag other than i is the parser’s error, reported once', () => {
    const rules = rulesFrom(rule('f matches /a/g'));
    expect(rules.parsed.errors.length).toBeGreaterThan(0);
    expect(rules.checked.diagnostics.filter((d) => d.code === 'bad-regex')).toEqual([]);
    expect(rules.checked.rules).toEqual([]);
    expect(rules.checked.skippedRules).toBe(1);
  });
});

describe('invalid-channel-name, duplicate-otherwise, conflicting-case', () => {
  it.each(['""', '"(unclassified)"', '"(no touch)"'])('channel %s', (name) => {
    const rules = rulesFrom(`channel ${name}\n  when f = "x"\n`);
    const [d] = expectDiagnostics(`channel «${name}»\n  when f = "x"\n`, [{ code: 'invalid-channel-name' }]);
    expect(d!.severity).toBe('error');
    expect(rules.checked.rules).toEqual([]);
    expect(rules.checked.skippedRules).toBe(1);
    expect(rules.checked.channels).toEqual([]);
  });

  it('otherwise with a reserved name', () => {
    expectDiagnostics(`${rule('f = "x"')}otherwise «"(unclassified)"»\n`, [{ code: 'invalid-channel-name' }]);
    expect(rulesFrom(`${rule('f = "x"')}otherwise "(unclassified)"\n`).checked.otherwise).toBeUndefined();
  });

  it('a second otherwise is reported once (by the parser or the checker), and the first applies', () => {
    const text = `otherwise "A"\n${rule('f = "x"')}otherwise "B"\n`;
    const rules = rulesFrom(text);
    const second = { start: text.lastIndexOf('otherwise'), end: text.length - 1 };
    const reports = [
      ...rules.parsed.errors.map((e) => e.span),
      ...rules.checked.diagnostics.map((d) => {
        expect(d.code).toBe('duplicate-otherwise');
        expect(d.related![0]!.span).toEqual({ start: 0, end: 13 });
        return d.span;
      }),
    ];
    expect(reports).toEqual([second]);
    expect(rules.checked.otherwise?.channel).toBe('A');
    expect(rules.checked.rules).toHaveLength(1);
  });

  it('a regex i flag with matching case', () => {
    const [d] = expectDiagnostics(rule('f matches /x/i «matching case»'), [{ code: 'conflicting-case', message: /contradicts/ }]);
    expect(d!.severity).toBe('error');
    const rules = rulesFrom(rule('f matches /x/i matching case'));
    expect(rules.checked.skippedRules).toBe(1);
    expect(d!.related![0]!.span).toEqual({ start: 32, end: 33 }); // the `i` after `/x/`
  });

  it('a regex i flag with ignoring case, or in a case insensitive file, is fine', () => {
    expectDiagnostics(rule('f matches /x/i ignoring case'), []);
    expectDiagnostics(`case insensitive\n${rule('f matches /x/i')}`, []);
  });
});

describe('duplicate-field in expect', () => {
  it('a field named twice', () => {
    const [d] = expectDiagnostics(`${rule('f = "x"')}expect "A" for { f: "x", «f»: "y" }\n`, [
      { code: 'duplicate-field', message: /`f` is already given a value/ },
    ]);
    expect(d!.severity).toBe('error');
    expect(rulesFrom(`${rule('f = "x"')}expect "A" for { f: "x", f: "y" }\n`).checked.expectations).toEqual([]);
  });

  it('backticks only quote characters: `a.b` and a.b are one field', () => {
    expectDiagnostics(`${rule('f = "x"')}expect "A" for { \`a.b\`: "x", «a.b»: null }\n`, [{ code: 'duplicate-field' }]);
  });

  it('an expectation keeps its event', () => {
    const rules = rulesFrom(`${rule('f = "x"')}expect unclassified for { f: "y", g: null, \`h i\`: "" }\n`);
    expect(rules.checked.expectations).toEqual([
      { channel: null, event: { f: 'y', g: null, 'h i': '' }, span: expect.anything() },
    ]);
  });
});

describe('duplicate-value', () => {
  it('a value repeated in an in list, removable with its comma', () => {
    const [d] = expectDiagnostics(rule('f in ["a", "b", «"a"»]'), [{ code: 'duplicate-value', message: /"a" is already in this list/ }]);
    expect(d!.severity).toBe('warning');
    const text = unmark(rule('f in ["a", "b", "a"]')).text;
    expect(d!.related![0]!.span).toEqual({ start: text.indexOf('"a"'), end: text.indexOf('"a"') + 3 });
    // From the end of "b" to the end of the repeated "a": `, "a"`.
    expect(d!.data).toEqual({ value: 'a', remove: { start: text.indexOf('"b"') + 3, end: text.lastIndexOf('"a"') + 3 } });
  });

  it('values equal after case folding repeat under ignoring case', () => {
    expectDiagnostics(rule('f in ["Google", «"GOOGLE"»] ignoring case'), [{ code: 'duplicate-value', message: /equal ignoring case/ }]);
    expectDiagnostics(rule('f in ["σ", «"ς"»] ignoring case'), [{ code: 'duplicate-value' }]);
    expectDiagnostics(rule('f in ["k", «"\u212a"»] ignoring case'), [{ code: 'duplicate-value' }]);
  });

  it('but not when case matters', () => {
    expectDiagnostics(rule('f in ["Google", "GOOGLE"]'), []);
    expectDiagnostics(`case insensitive\n${rule('f in ["Google", "GOOGLE"] matching case')}`, []);
    expectDiagnostics(rule('f in ["ss", "ß"] ignoring case'), []);
  });

  it('in a case insensitive file', () => {
    expectDiagnostics(`case insensitive\n${rule('f in ["Google", «"gOOGLE"»]')}`, [{ code: 'duplicate-value' }]);
  });

  it('in list declarations', () => {
    expectDiagnostics(`list l = ["a", «"a"»]\n${rule('f in l')}`, [{ code: 'duplicate-value', message: /list `l`/ }]);
    expectDiagnostics(`list l = ["a", "A"]\n${rule('f in l')}`, []);
    expectDiagnostics(`list l = ["a", «"A"»]\n${rule('f in l ignoring case or g not in l ignoring case')}`, [{ code: 'duplicate-value' }]);
    expectDiagnostics(`list l = ["a", "A"]\n${rule('f in l ignoring case or g in l')}`, []);
    expectDiagnostics(`case insensitive\nlist l = ["a", «"A"»]\n${rule('f in l')}`, [{ code: 'duplicate-value' }]);
  });

  it('in a list declaration, not when a use in a case insensitive file matches case', () => {
    // Removing "ABC" would move {x: "ABC"} from A to B: the only use tells the two apart.
    expectDiagnostics(`case insensitive\nlist l = ["abc", "ABC"]\n${rule('x in l matching case')}`, []);
    expectDiagnostics(`case insensitive\nlist l = ["abc", "ABC"]\n${rule('x in l or y in l matching case')}`, []);
    expectDiagnostics(`case insensitive\nlist l = ["abc", «"ABC"»]\n${rule('x in l or y in l ignoring case')}`, [{ code: 'duplicate-value' }]);
    // A list no rule uses is compared as a use without a modifier would compare it.
    expectDiagnostics(`case insensitive\nlist l = ["abc", «"ABC"»]\n${rule('x = "y"')}`, [{ code: 'duplicate-value' }]);
    expectDiagnostics(`case insensitive\n${rule('x in ["abc", "ABC"] matching case')}`, []);
  });
});

describe('placeholder-value', () => {
  it.each([
    ['f = «"(none)"»', 'f is not set'],
    ['f = «"(not set)"»', 'f is not set'],
    ['f = «"(direct)"»', 'f is not set'],
    ['f = «"EMPTY"»', 'f is not set'],
    ['f = «"null"»', 'f is not set'],
    ['f = «""»', 'f is not set'],
    ['f != «"(none)"»', 'f is set'],
    ['f = «"empty"» ignoring case', 'f is not set'],
    ['f in [«"(none)"»]', 'f is not set'],
    ['f in [«"(none)"», «"(not set)"»]', 'f is not set'],
    ['f in ["cpc", «"(none)"»]', '(f is not set or f in ["cpc"])'],
    ['f in ["cpc", «"(NONE)"»] ignoring case', '(f is not set or f in ["cpc"] ignoring case)'],
    ['f not in [«"(none)"», "x", "y"]', '(f is set and f not in ["x", "y"])'],
    ['`utm medium` = «"(none)"»', '`utm medium` is not set'],
  ])('%s → %s', (condition, replacement) => {
    const { text } = unmark(rule(condition));
    const count = (condition.match(/«/g) ?? []).length;
    const diagnostics = expectDiagnostics(rule(condition), Array.from({ length: count }, () => ({ code: 'placeholder-value' as const, message: /did you mean `/ })));
    const conditionStart = text.indexOf('when ') + 5;
    for (const d of diagnostics) {
      expect(d.severity).toBe('hint');
      expect(d.data).toMatchObject({ replace: { start: conditionStart, end: text.length - 1 }, newText: replacement });
    }
  });

  it.each(['f = "Empty" matching case', 'f = "empty"', 'f contains "(none)"', 'f starts with ""', 'f = "none"'])('not for %s', (condition) => {
    expectDiagnostics(rule(condition), []);
  });

  it('in a list declaration', () => {
    const [d] = expectDiagnostics(`list l = ["cpc", «"(none)"»]\n${rule('f in l')}`, [{ code: 'placeholder-value' }]);
    expect(d!.data).toEqual({ placeholder: '(none)', list: 'l' });
  });

  it('in a list declaration only ignoring case when every use does', () => {
    expectDiagnostics(`case insensitive\nlist l = ["cpc", "empty"]\n${rule('f in l matching case')}`, []);
    expectDiagnostics(`case insensitive\nlist l = ["cpc", «"empty"»]\n${rule('f in l')}`, [{ code: 'placeholder-value' }]);
  });
});

describe('checked rules', () => {
  it('skips a when that has a syntax error or is incomplete, and counts it', () => {
    const text = 'channel "A"\n  when f = "x"\n  when g =\n  when h = "y" and\nchannel "B"\n  when (i = "z"\n  when j = "w"\n';
    const rules = rulesFrom(text);
    expect(rules.parsed.errors.length).toBeGreaterThan(0);
    expect(rules.checked.rules.map((r) => [r.channel, r.line])).toEqual([
      ['A', 2],
      ['B', 7],
    ]);
    expect(rules.checked.skippedRules).toBe(3);
    expect(rules.checked.rules.map((r) => r.index)).toEqual([0, 1]);
  });

  it('skips rules with checker errors and keeps checking them', () => {
    const rules = rulesFrom(rule('f in nope and g matches /(?=x)/') + '  when h = "x"\n');
    expect(rules.checked.diagnostics.map((d) => d.code)).toEqual(['unknown-list', 'bad-regex']);
    expect(rules.checked.rules).toHaveLength(1);
    expect(rules.checked.rules[0]!.line).toBe(3);
    expect(rules.checked.skippedRules).toBe(1);
  });

  it('records lines, spans, channel spans, fields and case mode', () => {
    const text = '# comment\ncase insensitive\n\nchannel "A" when b.c = "x" or `d e` exists\nchannel "B"\n\n  when b.c is set\n';
    const rules = rulesFrom(text);
    expect(rules.parsed.errors).toEqual([]);
    expect(rules.checked.caseInsensitive).toBe(true);
    const [first, second] = rules.checked.rules;
    expect(first!.line).toBe(4);
    expect(text.slice(first!.span.start, first!.span.end)).toBe('when b.c = "x" or `d e` exists');
    expect(text.slice(first!.channelSpan.start, first!.channelSpan.end)).toBe('"A"');
    expect(second!.line).toBe(7);
    expect(rules.checked.fields).toEqual(['b.c', 'd e']);
    const condition = first!.condition;
    expect(condition.kind).toBe('or');
    if (condition.kind === 'or') {
      const test = condition.operands[0]!;
      expect(test.kind === 'test' && test.test.ignoreCase).toBe(true);
      expect(text.slice(test.span.start, test.span.end)).toBe('b.c = "x"');
    }
  });

  it('parentheses disappear; not, and, or stay', () => {
    const rules = rulesFrom(rule('not ((f = "x"))'));
    const condition = rules.checked.rules[0]!.condition;
    expect(condition.kind).toBe('not');
    if (condition.kind === 'not') expect(condition.operand.kind).toBe('test');
  });

  it('diagnostics come in position order', () => {
    const rules = rulesFrom(`${rule('f in nope')}list l = ["a", "a"]\n${rule('g in ["b", "b"]')}`);
    const starts = rules.checked.diagnostics.map((d) => d.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(rules.checked.diagnostics.map((d) => d.code)).toEqual(['unknown-list', 'duplicate-value', 'duplicate-value']);
  });

  it('never throws on broken input', () => {
    for (const text of ['channel', 'when', 'list', 'expect', 'channel "A" when', 'list x = [', 'expect "A" for {', 'channel "A" when not', 'channel "A" when (', 'channel "A" when f in', 'channel "A" when f matches']) {
      expect(() => rulesFrom(text)).not.toThrow();
    }
  });
});
