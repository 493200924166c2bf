// Every regexpp parse in the engine is regex-syntax's, with a parser of its own: a parser
// keeps the last tree it made (about 65 bytes a character of the pattern) until its next
// parse, so one kept in a module held a tree for the life of the process. The SQL
// compiler's regex tree, GA4 export's `\b` search and case check, and hover's
// description each had such a parser, of ECMAScript 2022 where the checker's is 2025.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegExpParser } from '@eslint-community/regexpp';
import { compileRulesText } from '../../cli/load-rules';
import { exportGa4ChannelGroup } from '../../engine/import/ga4/export-ga4';
import { firstCaseDistinction } from '../../engine/import/ga4/regex-case-distinction';
import { describeRegex } from '../../engine/language/describe-regex';
import { regexTree } from '../../engine/sql/regex-tree';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The parser of each parse made while `run` runs. */
function parsersOf(run: () => unknown): RegExpParser[] {
  const parsers: RegExpParser[] = [];
  const parsePattern = RegExpParser.prototype.parsePattern;
  vi.spyOn(RegExpParser.prototype, 'parsePattern').mockImplementation(function (this: RegExpParser, ...args: Parameters<RegExpParser['parsePattern']>) {
    parsers.push(this);
    return parsePattern.apply(this, args);
  });
  run();
  return parsers;
}

describe('each regex parse has a parser of its own', () => {
  it.each([
    ['the SQL regex tree', () => regexTree('^a+b', false)],
    ["GA4 export's case check", () => firstCaseDistinction('^a+b')],
    ["hover's description", () => describeRegex('^a+b', false)],
  ])('%s', (_, parse) => {
    const parsers = parsersOf(() => {
      parse();
      parse();
    });
    expect(parsers).toHaveLength(2);
    expect(parsers[0]).not.toBe(parsers[1]);
  });

  it("GA4 export's search for `\\b` and `\\w`", () => {
    const loaded = compileRulesText('rules.channels', 'case insensitive\nchannel "A"\n  when utm_source matches /^a+b/\n  when utm_medium matches /^c+d/\n');
    const parsers = parsersOf(() =>
      exportGa4ChannelGroup(loaded.checked, { name: 'G', fileName: 'rules.channels', text: '', lineOf: () => 1 }),
    );
    expect(parsers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(parsers).size).toBe(parsers.length);
  });
});
