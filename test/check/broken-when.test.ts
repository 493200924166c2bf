// Issue 11 item 6: a `when` with a syntax error is left out of the rules (docs/language.md
// "Left-out rules"). `when foo is not missing` recovers as `foo is not [set]` with the
// error on `missing`, past the rule's span; it was kept and matched every event.

import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { checkRules } from '../../engine/check/check-rules';
import { compileClassifier } from '../../engine/classify/compile-classifier';

function check(text: string) {
  return checkRules(parseChannels(text), text);
}

describe('a broken when', () => {
  for (const broken of ['when foo is not missing', 'when foo is', 'when foo = "a" and', 'when foo in', 'when foo matches']) {
    it(`"${broken}" is left out, the other rules keep working`, () => {
      const text = `channel "C5"\n  ${broken}\nchannel "B" when a = "x"\nexpect "B" for { a: "x" }\n`;
      const checked = check(text);
      expect(checked.rules.map((rule) => rule.channel)).toEqual(['B']);
      expect(checked.diagnostics.filter((diagnostic) => diagnostic.code === 'failed-expectation')).toEqual([]);
      const classifier = compileClassifier(checked);
      expect(classifier.channelOf(classifier.classify({}))).toBeNull();
    });
  }

  it('a complete when before a broken one in the same channel is kept', () => {
    const checked = check('channel "A"\n  when a = "1"\n  when foo is not missing\n');
    expect(checked.rules.map((rule) => rule.line)).toEqual([2]);
  });
});
