// When two rules are "the same rule" across versions: the normalized identity
// (channel + condition in normal form) for writing differences, the region model for
// differences of form with the same meaning, and nothing else.

import { describe, expect, it } from 'vitest';
import { ruleIdentity } from '../../engine/diff/rule-identity';
import { diffTexts, version } from './diff-support';

const rule = (when: string, channel = 'X', prelude = '') => version(`${prelude}\nchannel "${channel}"\n  when ${when}`).checked.rules[0]!;

describe('rule identity', () => {
  it.each([
    ['a = "x" and b = "y"', 'b = "y" and a = "x"'],
    ['a = "x" and (b = "y" and c = "z")', '(a = "x" and b = "y") and c = "z"'],
    ['a = "x" or a = "x"', 'a = "x"'],
    ['not a = "x"', 'a != "x"'],
    ['not (a = "x" or b = "y")', 'a != "x" and b != "y"'],
    ['not not a exists', 'a exists'],
    ['a in ["y", "x", "x"]', 'a in ["x", "y"]'],
    ['a in L', 'a in ["p", "q"]', 'list L = ["q", "p"]'],
    ['a is set', 'a is set', 'case insensitive', ''],
    ['a = "x" matching case', 'a = "x"', 'case insensitive', ''],
    ['(a = "x")', 'a = "x"'],
  ])('%s  ≡  %s', (left, right, leftPrelude = '', rightPrelude = leftPrelude) => {
    expect(ruleIdentity(rule(left, 'X', leftPrelude))).toBe(ruleIdentity(rule(right, 'X', rightPrelude)));
  });

  it.each([
    ['a = "x"', 'a = "X"'],
    ['a = "x"', 'a = "x" ignoring case'],
    ['a contains "x"', 'a starts with "x"'],
    ['a = "x" and b = "y"', 'a = "x" or b = "y"'],
    ['a is null', 'a is not set'],
    ['a matches /x/', 'a matches /x/i'],
    ['a = "x"', 'a = "x"', 'case insensitive', ''],
  ])('%s  ≢  %s', (left, right, leftPrelude = '', rightPrelude = leftPrelude) => {
    expect(ruleIdentity(rule(left, 'X', leftPrelude))).not.toBe(ruleIdentity(rule(right, 'X', rightPrelude)));
  });

  it('the channel is part of the identity', () => {
    expect(ruleIdentity(rule('a = "x"', 'X'))).not.toBe(ruleIdentity(rule('a = "x"', 'Y')));
  });

  it('conditions of equal meaning but different form are the same rule (region model)', async () => {
    const diff = await diffTexts(
      'channel "X"\n  when a = "x" or a = "y"\nchannel "Y"\n  when b starts with "q" and b ends with "q"',
      'channel "X"\n  when a in ["x", "y"]\nchannel "Y"\n  when b matches /^q/ and b matches /q$/',
    );
    expect(diff.rules).toEqual({ added: [], removed: [], changed: [], moved: [] });
    expect(diff.moves).toEqual([]);
  });
});
