// The table of channel indices by classify result that merging reads once per event
// (classifierChannels' byResult) says what indexOf says, for every result a classifier
// can give: rules sharing a channel, `otherwise` into a listed channel or a new one,
// and no `otherwise`.

import { describe, expect, it } from 'vitest';
import { checkRules } from '../../engine/check/check-rules';
import { OTHERWISE, UNCLASSIFIED } from '../../engine/classify/classifier';
import { compileClassifier } from '../../engine/classify/compile-classifier';
import { classifierChannels } from '../../engine/report/classifier-channels';
import { parseChannels } from '../../grammar/parse';

const RULES = `channel "Search"
  when utm_medium = "organic"
  when utm_medium = "cpc"

channel "Email"
  when utm_medium = "email"

channel "Search"
  when utm_source = "bing"
`;

describe('classifierChannels', () => {
  for (const [name, otherwise] of [
    ['without otherwise', ''],
    ['otherwise into a listed channel', '\notherwise "Email"\n'],
    ['otherwise into a channel of its own', '\notherwise "Other"\n'],
  ] as const) {
    it(`byResult is indexOf at result + 2, ${name}`, () => {
      const text = RULES + otherwise;
      const checked = checkRules(parseChannels(text), text);
      const channels = classifierChannels(compileClassifier(checked));
      const results = [UNCLASSIFIED, OTHERWISE, ...checked.rules.map((_, rule) => rule)];
      expect(channels.byResult.length).toBe(results.length);
      for (const result of results) expect(channels.byResult[result + 2]).toBe(channels.indexOf(result));
      expect(channels.byResult[UNCLASSIFIED + 2]).toBe(-1);
      expect(channels.byResult[OTHERWISE + 2]).toBe(otherwise === '' ? -1 : channels.names.indexOf(otherwise.includes('Email') ? 'Email' : 'Other'));
    });
  }
});
