// The classifier is generated JavaScript; nothing the rules say may end up in its source.

import { describe, expect, it } from 'vitest';
import { OTHERWISE, UNCLASSIFIED } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { channelOf, validRules } from './rules-under-test';

describe('generated classifier', () => {
  it('holds no text from the rules, and still compares with it exactly', () => {
    const hostile = '"); throw new Error("pwned"); ("`${x}`*/\\u2028\u2028';
    const text = [
      `list hostile = [${JSON.stringify(hostile)}, "MARKER_IN_LIST"]`,
      `channel ${JSON.stringify(`MARKER_CHANNEL ${hostile}`)}`,
      `  when \`MARKER_FIELD ${hostile.replace(/`/g, '')}\` = ${JSON.stringify(hostile)}`,
      `  when f in hostile ignoring case or g contains "MARKER_CONTAINS" or h matches /MARKER_REGEX\\)/`,
      '',
    ].join('\n');
    const rules = validRules(text);
    // With the memo, classify is a wrapper around the rules' function; without, it is that function.
    const sources = [rules.classifier.classify.toString(), compileClassifier(rules.checked, undefined, { memo: false }).classify.toString()];
    expect(sources[1]).toMatch(/^function rules\(props\)/);
    for (const source of sources) for (const marker of ['MARKER', 'pwned', 'hostile', '${x}']) expect(source).not.toContain(marker);
    const field = `MARKER_FIELD ${hostile.replace(/`/g, '')}`;
    expect(channelOf(rules, { [field]: hostile })).toBe(`MARKER_CHANNEL ${hostile}`);
    expect(channelOf(rules, { f: 'marker_in_list' })).toBe(`MARKER_CHANNEL ${hostile}`);
    expect(channelOf(rules, { h: 'xMARKER_REGEX)' })).toBe(`MARKER_CHANNEL ${hostile}`);
    expect(channelOf(rules, { g: 'marker_contains' })).toBeNull();
  });

  it('no rules at all', () => {
    expect(validRules('').classifier.classify({ a: 1 })).toBe(UNCLASSIFIED);
    expect(validRules('otherwise "O"\n').classifier.classify({})).toBe(OTHERWISE);
  });

  it('a long rule file compiles and classifies', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`channel "C${i % 50}"\n  when f = "v${i}" and (g != "x" or not h exists)`);
    const rules = validRules(lines.join('\n'));
    expect(rules.classifier.classify({ f: 'v1999' })).toBe(1999);
    expect(rules.classifier.classify({ f: 'v7', g: 'x', h: null })).toBe(UNCLASSIFIED);
  });
});
