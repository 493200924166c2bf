import { describe, expect, it } from 'vitest';
import { evaluateExpectations, expectationEvent } from '../../engine/check/expectations';
import { rulesFrom, validRules } from '../classify/rules-under-test';

const RULES = [
  'list search = ["google", "bing"]',
  'channel "Paid Search"',
  '  when utm_source in search and utm_medium = "cpc"',
  'channel "Email"',
  '  when utm_medium = "email"',
  'channel "Referral"',
  '  when referring_domain is set',
  '',
].join('\n');

function run(text: string) {
  const rules = validRules(text);
  return { rules, diagnostics: evaluateExpectations(rules.checked, rules.classifier, 'rules.channels') };
}

describe('evaluateExpectations', () => {
  it('passing expectations give no diagnostics', () => {
    const { diagnostics } = run(
      RULES +
        [
          'expect "Paid Search" for { utm_source: "google", utm_medium: "cpc" }',
          'expect "Email" for { utm_medium: "email", utm_source: null }',
          'expect unclassified for { utm_medium: "cpc" }',
          'expect unclassified for {}',
          'expect "Referral" for { referrer: "https://www.example.com/" }',
          '',
        ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
  });

  it('a failing expectation names the channel it got and the rule, file:line', () => {
    const text = `${RULES}expect "Email" for { utm_source: "google", utm_medium: "cpc" }\n`;
    const { rules, diagnostics } = run(text);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d!.code).toBe('failed-expectation');
    expect(d!.severity).toBe('error');
    expect(d!.message).toBe('expected "Email", but the event gets "Paid Search" from the rule at rules.channels:3');
    expect(d!.span).toEqual({ start: text.indexOf('expect'), end: text.length - 1 });
    expect(d!.related).toEqual([{ span: rules.checked.rules[0]!.span, message: 'this rule gives the event "Paid Search"' }]);
    expect(d!.example).toEqual({ event: { utm_source: 'google', utm_medium: 'cpc' }, channel: 'Paid Search' });
    // The example is what the engine classifies as stated.
    expect(rules.classifier.channelOf(rules.classifier.classify(d!.example!.event))).toBe('Paid Search');
  });

  it('unclassified, with and without otherwise', () => {
    const unclassified = run(`${RULES}expect "Email" for { utm_medium: "social" }\n`).diagnostics[0]!;
    expect(unclassified.message).toBe('expected "Email", but the event matches no rule and there is no `otherwise`, so it is unclassified');
    expect(unclassified.example).toEqual({ event: { utm_medium: 'social' }, channel: null });
    expect(unclassified.related).toEqual([]);

    const text = `${RULES}otherwise "Other"\nexpect "Email" for { utm_medium: "social" }\nexpect unclassified for { utm_medium: "social" }\n`;
    const { rules, diagnostics } = run(text);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'expected "Email", but the event matches no rule, so `otherwise` gives it "Other"',
      'expected the event to be unclassified, but the event matches no rule, so `otherwise` gives it "Other"',
    ]);
    expect(diagnostics[0]!.related![0]!.span).toEqual(rules.checked.otherwise!.span);
  });

  it('expect unclassified that gets a channel', () => {
    const [d] = run(`${RULES}expect unclassified for { utm_medium: "email" }\n`).diagnostics;
    expect(d!.message).toBe('expected the event to be unclassified, but the event gets "Email" from the rule at rules.channels:5');
  });

  it('says when the expected channel does not exist', () => {
    const [d] = run(`${RULES}expect "Emial" for { utm_medium: "email" }\n`).diagnostics;
    expect(d!.message).toMatch(/\(no channel is named "Emial"\)$/);
  });

  it('fields not named are missing; null is null', () => {
    const text = 'channel "Missing"\n  when f is missing\nchannel "Null"\n  when f is null\n' +
      'expect "Missing" for { g: "x" }\nexpect "Null" for { f: null }\nexpect "Null" for { f: "" }\n';
    const diagnostics = run(text).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe('expected "Null", but the event matches no rule and there is no `otherwise`, so it is unclassified');
    expect(diagnostics[0]!.example!.event).toEqual({ f: '' });
  });

  it('reads the event like any event: aliases and the derived referring_domain apply', () => {
    const text = 'channel "Google"\n  when utm_source = "google"\nchannel "Ref"\n  when referring_domain = "bing.com"\n' +
      'expect "Google" for { event_properties.utm_source: "google" }\n' +
      'expect "Google" for { user_properties.utm_source: "google" }\n' +
      'expect unclassified for { utm_source: null, event_properties.utm_source: "google" }\n' +
      'expect "Ref" for { referrer: "https://www.bing.com/search" }\n' +
      'expect "Ref" for { event_properties.referrer: "https://bing.com/" }\n' +
      'expect unclassified for { referring_domain: "x.com", referrer: "https://bing.com/" }\n';
    const { diagnostics } = run(text);
    expect(diagnostics).toEqual([]);
  });

  it('the example event shows what the rules read', () => {
    const text = 'channel "Google"\n  when utm_source = "google" and referring_domain exists\n' +
      'expect unclassified for { event_properties.utm_source: "google", referrer: "https://www.google.com/", other: "x" }\n';
    const [d] = run(text).diagnostics;
    expect(d!.example).toEqual({ event: { utm_source: 'google', referring_domain: 'google.com' }, channel: 'Google' });
  });

  it('notes rules left out because of errors', () => {
    const text = 'channel "A"\n  when f in nope\nchannel "B"\n  when f = "x"\nexpect "A" for { f: "x" }\n';
    const { checked, classifier } = rulesFrom(text);
    const [d] = evaluateExpectations(checked, classifier, 'r.channels');
    expect(d!.message).toBe('expected "A", but the event gets "B" from the rule at r.channels:4 (1 rule with errors left out)');
  });
});

describe('expectationEvent', () => {
  it('nests dotted names unless a prefix is itself given', () => {
    expect(expectationEvent({ 'a.b': 'x', c: null })).toEqual({ a: { b: 'x' }, c: null });
    expect(expectationEvent({ a: 'x', 'a.b': 'y' })).toEqual({ a: 'x', 'a.b': 'y' });
    expect(expectationEvent({ 'a.b': 'x', 'a.c': 'y' })).toEqual({ a: { b: 'x', c: 'y' } });
    expect(expectationEvent({ 'a.b': 'x', 'a.b.c': 'y' })).toEqual({ a: { b: 'x' }, 'a.b.c': 'y' });
  });

  it('keeps keys that are Object.prototype names as own keys', () => {
    const event = expectationEvent(JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    expect(Object.getOwnPropertyNames(event).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
  });
});
