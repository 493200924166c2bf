import { describe, expect, it } from 'vitest';
import { code, describeRegex } from '../../engine/language/describe-regex';

describe('regex in words', () => {
  it.each([
    ['google', 'Matches a value that contains `"google"`.'],
    ['^google$', 'Matches a value that is exactly `"google"`.'],
    ['^paid', 'Matches a value that starts with `"paid"`.'],
    ['\\.google\\.com$', 'Matches a value that ends with `".google.com"`.'],
    ['^.*cp.*$', 'Matches a value that contains `"cp"`.'],
    ['^$', 'Matches a value that is empty.'],
    ['google.com', 'Matches a value that contains `"google"`, then any character, then `"com"`.'],
    ['^(facebook|fb)\\.com$', 'Matches a value that, any one of:\n- is exactly `"facebook.com"`\n- is exactly `"fb.com"`'],
    ['^(.*cp.*|ppc|retargeting|paid.*)$', 'Matches a value that, any one of:\n- contains `"cp"`\n- is exactly `"ppc"`\n- is exactly `"retargeting"`\n- starts with `"paid"`'],
    ['\\d{3}', 'Matches a value that contains 3 of a digit.'],
    ['^[a-z]+$', 'Matches a value that consists of one or more of `a`–`z`.'],
    ['[^a-df-z]shop', 'Matches a value that contains a character other than `a`–`d` or `f`–`z`, then `"shop"`.'],
    ['a`b', 'Matches a value that contains ``"a`b"``.'],
  ])('/%s/', (pattern, words) => {
    expect(describeRegex(pattern, false)).toBe(words);
  });

  it('says when case is ignored', () => {
    expect(describeRegex('^cpc$', true)).toBe('Matches a value that is exactly `"cpc"` (ignoring case).');
  });

  it('gives up on patterns that do not parse', () => {
    expect(describeRegex('(', false)).toBeUndefined();
  });
});

describe('code spans', () => {
  it('hold text with 150,000 runs of backticks (Math.max spread them)', () => {
    const text = 'a`'.repeat(150_000);
    expect(code(text)).toBe(`\`\` ${text} \`\``);
  });
});
