// A check parses each regex's pattern twice: for the checker, whose tree also builds the
// NFA that the classifier and the analysis share (either case mode), and for
// suspicious-regex, whose tree scslre reads too. It was parsed six times, once for each
// of them, and a tree costs about 65 bytes a character: a class of 1,000,000 ranges
// took 2.4 GB to check. When the analysis builds a regex's automaton, refa reads a third
// tree, parsed by the same parser (refa's own, a bundled copy of regexpp, parsed it unseen).

import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegExpParser } from '@eslint-community/regexpp';
import { JS } from 'refa';
import { checkDocument } from '../../engine/analysis/check-document';

// The ES module's parser and the CommonJS one, which scslre requires.
const parserClasses = new Set<typeof RegExpParser>([RegExpParser, createRequire(__filename)('@eslint-community/regexpp').RegExpParser]);

/** How many times each pattern is parsed while `run` runs. */
async function countParses(run: () => Promise<unknown>): Promise<Map<string, number>> {
  const parses = new Map<string, number>();
  for (const parserClass of parserClasses) {
    const parsePattern = parserClass.prototype.parsePattern;
    vi.spyOn(parserClass.prototype, 'parsePattern').mockImplementation(function (this: RegExpParser, ...args: Parameters<RegExpParser['parsePattern']>) {
      parses.set(args[0], (parses.get(args[0]) ?? 0) + 1);
      return parsePattern.apply(this, args);
    });
  }
  await run();
  return parses;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const classOf = (first: number, ranges: number) =>
  Array.from({ length: ranges }, (_, i) => `${String.fromCodePoint(first + 2 * i)}-${String.fromCodePoint(first + 2 * i + 1)}`).join('');

describe('the regexes of a check', () => {
  it('are parsed twice each, whichever case mode', async () => {
    const matchingCase = `[${classOf(0x4e00, 1000)}]`;
    const ignoringCase = `^(?:x|[${classOf(0x5e00, 1000)}])+\\.com$`;
    const text =
      `channel "A"\n  when utm_source matches /${matchingCase}/\n` +
      `channel "B"\n  when utm_medium matches /${ignoringCase}/ ignoring case\n` +
      `channel "C"\n  when utm_source = "一" or utm_medium = "X.com"\n` +
      `expect "A" for { utm_source: "一" }\nexpect "B" for { utm_medium: "X.com" }\n`;
    let codes: string[] = [];
    const parses = await countParses(async () => {
      codes = (await checkDocument(text, { file: 'x.channels' })).diagnostics.map((diagnostic) => diagnostic.code);
    });
    // B overlaps A, and A and B take all C matches: the analysis tested both regexes.
    expect(codes).toEqual(['overlapping-rule', 'unreachable-rule']);
    expect(parses.get(matchingCase)).toBe(2);
    expect(parses.get(ignoringCase)).toBe(2);
  });

  it('are parsed once more, by the same parser, for the automaton the analysis builds', async () => {
    const text = 'channel "A"\n  when utm_source matches /^(?:a|b)+c/\nchannel "B"\n  when utm_source matches /bc$/ ignoring case\n';
    const fromLiteral = vi.spyOn(JS.Parser, 'fromLiteral');
    let codes: string[] = [];
    const parses = await countParses(async () => {
      codes = (await checkDocument(text, { file: 'x.channels' })).diagnostics.map((diagnostic) => diagnostic.code);
    });
    // That B overlaps A is found on the product of their automata.
    expect(codes).toEqual(['overlapping-rule']);
    expect(parses.get('^(?:a|b)+c')).toBe(3);
    expect(parses.get('bc$')).toBe(3);
    expect(fromLiteral).not.toHaveBeenCalled();
  });
});
