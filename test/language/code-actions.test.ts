// Quick fixes and rewrites: applied to the text, then the result is checked by the
// engine itself (it parses, and it does what the title says).
import { describe, expect, it } from 'vitest';
import { analyzeRules } from '../../engine/analysis/analyze-rules';
import { buildRulesDocument, classifierOf } from '../../engine/language/document';
import { quickFixes, refactorsAt, escapeDomainDots, type CodeActionEdit, type DiagnosticRef } from '../../engine/language/code-actions';
import { fastDiagnostics } from '../../engine/language/fast-diagnostics';
import { profileEvents } from '../../engine/language/sample-profile';
import type { TextEdit } from '../../engine/language/references';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

function only(actions: CodeActionEdit[], title: RegExp): CodeActionEdit {
  const found = actions.filter((action) => title.test(action.title));
  expect(found, actions.map((action) => action.title).join(' | ')).toHaveLength(1);
  return found[0]!;
}

/** The analysis facts of a file as the editor hands them back: unreachable rules with their covering rules. */
async function unreachable(text: string): Promise<DiagnosticRef[]> {
  const document = buildRulesDocument(text);
  const facts = await analyzeRules(document.checked);
  return facts.rules.flatMap((rule, index) =>
    rule.status === 'unreachable'
      ? [
          {
            code: 'unreachable-rule',
            span: document.checked.rules[index]!.span,
            related: rule.coveredBy.map((covering) => document.checked.rules[covering]!.span),
          },
        ]
      : [],
  );
}

const EVENTS = ['cpc', 'ppc', 'email', 'x', undefined].flatMap((medium) =>
  ['google', 'bing', undefined].map((source) => ({ ...(medium === undefined ? {} : { utm_medium: medium }), ...(source === undefined ? {} : { utm_source: source }) })),
);

function channels(text: string): (string | null)[] {
  const classifier = classifierOf(buildRulesDocument(text));
  return EVENTS.map((event) => classifier.channelOf(classifier.classify(event)));
}

describe('unreachable rules', () => {
  const text = 'channel "Paid"\n  when utm_medium = "cpc"\n\nchannel "Never"\n  when utm_medium = "cpc" and utm_source = "google"\n  when utm_medium = "email"\n';

  it('deletes the rule, and nothing classifies differently', async () => {
    const [diagnostic] = await unreachable(text);
    const fix = only(quickFixes(buildRulesDocument(text), diagnostic!), /^Delete the unreachable rule$/);
    expect(fix.preferred).toBe(true);
    const fixed = apply(text, fix.edits);
    expect(fixed).toBe('channel "Paid"\n  when utm_medium = "cpc"\n\nchannel "Never"\n  when utm_medium = "email"\n');
    expect(channels(fixed)).toEqual(channels(text));
  });

  it('deletes a channel block whose only rule it is', async () => {
    const single = 'channel "Paid"\n  when utm_medium = "cpc"\n\nchannel "Never"\n  when utm_medium = "cpc"\n\notherwise "Rest"\n';
    const [diagnostic] = await unreachable(single);
    const fixed = apply(single, only(quickFixes(buildRulesDocument(single), diagnostic!), /^Delete/).edits);
    expect(fixed).toBe('channel "Paid"\n  when utm_medium = "cpc"\n\notherwise "Rest"\n');
  });

  it.each([
    ['into a block of its own above the covering block', 'channel "Paid"\n  when utm_medium = "cpc"\n\nchannel "Google Paid"\n  when utm_medium = "cpc" and utm_source = "google"\n',
      'channel "Google Paid"\n  when utm_medium = "cpc" and utm_source = "google"\n\nchannel "Paid"\n  when utm_medium = "cpc"\n\n'],
    ['splitting the covering block when the covering rule is in its middle', 'channel "Paid"\n  when utm_medium = "email"\n  when utm_medium = "cpc"\n\nchannel "Google Paid"\n  when utm_medium = "cpc" and utm_source = "google"\n',
      'channel "Paid"\n  when utm_medium = "email"\n\nchannel "Google Paid"\n  when utm_medium = "cpc" and utm_source = "google"\n\nchannel "Paid"\n  when utm_medium = "cpc"\n\n'],
    ['within its own block', 'channel "Paid"\n  when utm_medium in ["cpc", "ppc"]\n  when utm_medium = "cpc"\n',
      'channel "Paid"\n  when utm_medium = "cpc"\n  when utm_medium in ["cpc", "ppc"]\n'],
  ])('moves the rule above the rule that covers it, %s', async (_, before, after) => {
    const [diagnostic] = await unreachable(before);
    const fix = only(quickFixes(buildRulesDocument(before), diagnostic!), /^Move the rule above the rule on line \d+/);
    const fixed = apply(before, fix.edits);
    expect(fixed).toBe(after);
    // The moved rule now gets events (unless it moved within its own channel, where it stays redundant).
    if (!_.startsWith('within')) expect(await unreachable(fixed)).toEqual([]);
  });

  it.each([
    [
      'a block of one rule, its comment line and its end-of-line comment',
      'channel "Search"\n  when utm_source = "google"\n\nchannel "Google Ads"\n  # paid traffic from Google Ads\n  when utm_source = "google" and utm_medium = "cpc" # see ticket 42\n',
      'channel "Google Ads"\n  # paid traffic from Google Ads\n  when utm_source = "google" and utm_medium = "cpc" # see ticket 42\n\nchannel "Search"\n  when utm_source = "google"\n\n',
    ],
    [
      'a rule of a larger block, its comment line and its end-of-line comment',
      'channel "Search"\n  when utm_source = "google"\n\nchannel "Other"\n  when utm_medium = "email"\n  # why\n  when utm_source = "google" and utm_medium = "cpc" # because\n  when utm_medium = "x"\n',
      'channel "Other"\n  # why\n  when utm_source = "google" and utm_medium = "cpc" # because\n\nchannel "Search"\n  when utm_source = "google"\n\nchannel "Other"\n  when utm_medium = "email"\n  when utm_medium = "x"\n',
    ],
  ])('moves the comments with the rule: %s (they were deleted)', async (_, before, after) => {
    const [diagnostic] = await unreachable(before);
    const fixed = apply(before, only(quickFixes(buildRulesDocument(before), diagnostic!), /^Move the rule above/).edits);
    expect(fixed).toBe(after);
    expect(buildRulesDocument(fixed).parsed.errors).toEqual([]);
    expect(await unreachable(fixed)).toEqual([]);
  });
});

describe('checker quick fixes', () => {
  it.each([
    ['a placeholder comparison becomes `is not set`', 'channel "D"\n  when utm_source = "(none)"\n', 'Replace with `utm_source is not set`', 'channel "D"\n  when utm_source is not set\n'],
    ['a negated one becomes `is set`', 'channel "D"\n  when utm_source != ""\n', 'Replace with `utm_source is set`', 'channel "D"\n  when utm_source is set\n'],
    ['a list of placeholders', 'channel "D"\n  when utm_medium in ["(none)", "(not set)"]\n', 'Replace with `utm_medium is not set`', 'channel "D"\n  when utm_medium is not set\n'],
    ['a repeated list value is removed', 'list a = ["x", "y", "x"]\n', 'Remove the repeated value', 'list a = ["x", "y"]\n'],
    [
      // The comment after the comma before the repeated value is the previous value's (it was deleted with the value).
      'a repeated value of a list of a value a line keeps the comments around it',
      'list a = [\n  "x", # first\n  "y", # second\n  "x"  # again\n]\n',
      'Remove the repeated value',
      'list a = [\n  "x", # first\n  "y" # second\n    # again\n]\n',
    ],
    [
      'a repeated value in a rule\'s list keeps the comment before it',
      'channel "S"\n  when utm_source in [\n    "a", # A\n    "a"\n  ]\n',
      'Remove the repeated value',
      'channel "S"\n  when utm_source in [\n    "a" # A\n    \n  ]\n',
    ],
  ])('%s', (_, text, title, expected) => {
    const document = buildRulesDocument(text);
    const diagnostics = fastDiagnostics(document);
    const actions = diagnostics.flatMap((diagnostic) => quickFixes(document, { code: diagnostic.code, span: diagnostic.span, ...(diagnostic.data ? { data: diagnostic.data } : {}) }));
    const fix = actions.find((action) => action.title === title);
    expect(fix, actions.map((action) => action.title).join(' | ')).toBeDefined();
    expect(apply(text, fix!.edits)).toBe(expected);
  });

  it.each([
    [
      'a list of values',
      'channel "A"\n  when f in # why these\n    ["cpc", "(none)"] # end\n',
      'Replace with `(f is not set or f in ["cpc"])`',
      'channel "A"\n  when  # why these\n    (f is not set or f in ["cpc"]) # end\n',
    ],
    ['one value', 'channel "A"\n  when g = # g note\n    "(none)"\n  when h exists\n', 'Replace with `g is not set`', 'channel "A"\n  when  # g note\n    g is not set\n  when h exists\n'],
    [
      // The file's line ending, not the LF a backtick name before it holds (the fix wrote a bare LF into a CRLF file).
      'one value, in a CRLF file whose first line break is a name\'s',
      'expect "A" for { `a\nb`: "x" }\r\nchannel "A"\r\n  when g = # g note\r\n    "(none)"\r\n',
      'Replace with `g is not set`',
      'expect "A" for { `a\nb`: "x" }\r\nchannel "A"\r\n  when  # g note\r\n    g is not set\r\n',
    ],
  ])('a placeholder fix keeps a comment written inside the condition: %s (it was deleted)', (_, text, title, expected) => {
    const document = buildRulesDocument(text);
    const diagnostics = fastDiagnostics(document).filter((candidate) => candidate.code === 'placeholder-value');
    expect(diagnostics).toHaveLength(1);
    const diagnostic = diagnostics[0]!;
    const fix = only(quickFixes(document, { code: diagnostic.code, span: diagnostic.span, ...(diagnostic.data ? { data: diagnostic.data } : {}) }), /^Replace with/);
    expect(fix.title).toBe(title);
    expect(apply(text, fix.edits)).toBe(expected);
    // A client that drops the diagnostic's data gets the engine's own fix, for placeholders only.
    if (title === 'Replace with `g is not set`') {
      expect(apply(text, only(quickFixes(document, { code: diagnostic.code, span: diagnostic.span }), /^Replace with/).edits)).toBe(expected);
    }
  });

  it('a failed expectation can expect what the rules do', () => {
    const text = 'channel "A"\n  when x exists\nexpect "B" for { x: "1" }\n';
    const document = buildRulesDocument(text);
    const diagnostic = fastDiagnostics(document).find((candidate) => candidate.code === 'failed-expectation')!;
    const example = diagnostic.example ?? { event: { x: '1' }, channel: 'A' };
    const fix = only(quickFixes(document, { code: diagnostic.code, span: diagnostic.span, example }), /^Expect "A"/);
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when x exists\nexpect "A" for { x: "1" }\n');
  });

  it('an unknown field can be corrected to the nearest sample field', () => {
    const text = 'channel "A"\n  when utm_sorce = "x"\n';
    const document = buildRulesDocument(text);
    const diagnostic = fastDiagnostics(document, profileEvents([{ utm_source: 'x' }])).find((candidate) => candidate.code === 'unknown-field')!;
    expect(diagnostic.message).toContain('did you mean "utm_source"?');
    const fix = only(quickFixes(document, { code: diagnostic.code, span: diagnostic.span, data: diagnostic.data! }), /^Change to utm_source$/);
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when utm_source = "x"\n');
  });

  it('an unknown field is not corrected to a sample field whose name holds a backtick, which no rule can write', () => {
    const text = 'channel "A"\n  when utm_sourcex = "a"\n';
    const document = buildRulesDocument(text);
    const diagnostic = fastDiagnostics(document, profileEvents([{ 'utm`sourcex': 'a' }])).find((candidate) => candidate.code === 'unknown-field')!;
    expect(diagnostic.message).not.toContain('did you mean');
    expect(diagnostic.data).toBeUndefined();
    // Nor from data that names one (an older server's diagnostic).
    expect(quickFixes(document, { code: 'unknown-field', span: diagnostic.span, data: { suggestion: 'utm`sourcex' } })).toEqual([]);
    expect(quickFixes(document, { code: 'unknown-field', span: diagnostic.span, data: { suggestion: 'c.d`e' } })).toEqual([]);
  });
});

describe('analysis quick fixes', () => {
  it('adds an expectation for an overlap example, after the last expectation', () => {
    const text = 'channel "A"\n  when x exists\nexpect "A" for { x: "1" }\n';
    const fix = only(
      quickFixes(buildRulesDocument(text), { code: 'overlapping-rule', span: { start: 14, end: 27 }, example: { event: { x: 'a b', 'odd key': null }, channel: 'A' } }),
      /^Add an expectation: this event gets "A"$/,
    );
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when x exists\nexpect "A" for { x: "1" }\nexpect "A" for { x: "a b", `odd key`: null }\n');
  });

  it('adds no expectation for an example with a field no expectation can name', () => {
    const text = 'channel "A"\n  when x exists\n';
    expect(quickFixes(buildRulesDocument(text), { code: 'overlapping-rule', span: { start: 14, end: 27 }, example: { event: { x: 'a', 'y`z': null }, channel: 'A' } })).toEqual([]);
  });

  it('adds an expectation at the end when there is none yet', () => {
    const text = 'channel "A"\n  when x exists';
    const fix = only(quickFixes(buildRulesDocument(text), { code: 'overlapping-rule', span: { start: 14, end: 27 }, example: { event: {}, channel: null } }), /unclassified/);
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when x exists\n\nexpect unclassified for {}\n');
  });

  it('escapes the dots of a domain-like regex', () => {
    const text = 'channel "A"\n  when referrer matches /(www.)?google.com|[.]x/i\n';
    const fix = only(quickFixes(buildRulesDocument(text), { code: 'suspicious-regex', span: { start: 36, end: 40 } }), /^Escape the dots/);
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when referrer matches /(www\\.)?google\\.com|[.]x/i\n');
  });

  it.each([
    ['google.com', 'google\\.com'],
    ['a\\.b.c', 'a\\.b\\.c'],
    ['.*cp.*', '.*cp.*'],
    ['v1.2', 'v1.2'],
  ])('escapeDomainDots(%s) = %s', (pattern, escaped) => {
    expect(escapeDomainDots(pattern)).toBe(escaped);
  });

  it('removes a redundant condition with its connective', () => {
    const text = 'channel "A"\n  when x exists and x = "1" or y exists\n';
    const start = text.indexOf('x exists');
    const fix = only(quickFixes(buildRulesDocument(text), { code: 'redundant-condition', span: { start, end: start + 'x exists'.length } }), /Remove/);
    expect(apply(text, fix.edits)).toBe('channel "A"\n  when x = "1" or y exists\n');
  });

  it.each([
    ['the last operand', 'utm_campaign starts with "x"', 'channel "C"\n  when utm_campaign = "x" and # keep me\n       utm_campaign starts with "x"\n  when z exists\n'],
    ['the first operand', 'utm_campaign = "x"', 'channel "C"\n  when (utm_campaign = "x" and # keep me\n       utm_campaign starts with "x") or z exists\n'],
  ])('removes %s of a condition and keeps a comment between the operands (it was deleted)', (_, redundant, text) => {
    const start = text.indexOf(redundant);
    const fix = only(quickFixes(buildRulesDocument(text), { code: 'redundant-condition', span: { start, end: start + redundant.length } }), /Remove/);
    const fixed = apply(text, fix.edits);
    expect(fixed).toContain('# keep me');
    expect(fixed).not.toContain(redundant);
    expect(buildRulesDocument(fixed).parsed.errors).toEqual([]);
    expect(channels(fixed)).toEqual(channels(text.replace(/ and # keep me\n\s*utm_campaign starts with "x"/, '').replace(/\(utm_campaign = "x" and # keep me\n\s*/, '(')));
  });
});

describe('rewrites at the cursor', () => {
  it('adds `ignoring case` to a comparison', () => {
    const text = 'channel "A"\n  when utm_medium = "Email"\n';
    const rewrite = only(refactorsAt(buildRulesDocument(text), { start: 20, end: 20 }), /ignoring case/);
    expect(apply(text, rewrite.edits)).toBe('channel "A"\n  when utm_medium = "Email" ignoring case\n');
  });

  it('offers nothing of the kind where case is already ignored', () => {
    const text = 'case insensitive\nchannel "A"\n  when utm_medium = "Email"\n';
    expect(refactorsAt(buildRulesDocument(text), { start: 40, end: 40 }).map((action) => action.title)).toEqual([]);
  });
});
