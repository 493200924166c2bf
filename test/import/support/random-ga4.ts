// Random GA4 channel groups (the Admin API JSON) and an independent implementation of
// GA4's documented matching, for the import property tests. The matcher reads the
// JSON directly: a filter on a field the event lacks (or holds as null) does not match;
// EXACT / BEGINS_WITH / ENDS_WITH / CONTAINS / FULL_REGEXP / PARTIAL_REGEXP / in-list
// compare without regard to case (as a JavaScript `iu` regex does: SPEC §8 and §2.3).
// The regexes use only syntax that means the same in RE2 and JavaScript, and event
// values hold no \r, U+2028 or U+2029 (where RE2's `.` and JavaScript's differ).

import fc from 'fast-check';
import type { ChannelGroup, ChannelGroupFilter, ChannelGroupFilterExpression, StringMatchType } from '../../../engine/import/ga4/channel-group';
import { escapeRegexLiteral } from '../../../engine/semantics/value-test';

export const GA4_FIELDS: Record<string, string> = { eachScopeSource: 'utm_source', eachScopeMedium: 'utm_medium', eachScopeCampaignName: 'utm_campaign' };

const TOKENS = ['a', 'A', 'go', 'GO', 'k', 'K', '\u212a', 's', 'ſ', 'S', '.', 'cpc', 'CPC', 'mail', '(none)', ' ', '\n', 'ß', 'İ', 'i'];
const text = fc.array(fc.constantFrom(...TOKENS), { maxLength: 3 }).map((parts) => parts.join(''));
const nonEmpty = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
const REGEX_PIECES = ['a', 'A', 'go', 'k', 's', 'cpc', '[a-c]', '[^a]', '(a|go)', '(?:cpc|mail)', 'a*', 'x+', 'k?', '\\.', '[0-9]', '^', '$', '.', '.*', 'a{1,2}', ' '];
const regex = fc.array(fc.constantFrom(...REGEX_PIECES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

const fieldName = fc.constantFrom(...Object.keys(GA4_FIELDS));

const filter: fc.Arbitrary<ChannelGroupFilter> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fieldName, fc.constantFrom<StringMatchType>('EXACT', 'BEGINS_WITH', 'ENDS_WITH', 'CONTAINS'), nonEmpty).map(([f, matchType, value]) => ({ fieldName: f, stringFilter: { matchType, value } })) },
  { weight: 3, arbitrary: fc.tuple(fieldName, fc.constantFrom<StringMatchType>('FULL_REGEXP', 'PARTIAL_REGEXP'), regex).map(([f, matchType, value]) => ({ fieldName: f, stringFilter: { matchType, value } })) },
  { weight: 2, arbitrary: fc.tuple(fieldName, fc.array(nonEmpty, { minLength: 1, maxLength: 3 })).map(([f, values]) => ({ fieldName: f, inListFilter: { values } })) },
);

const literal: fc.Arbitrary<ChannelGroupFilterExpression> = fc.oneof(
  { weight: 3, arbitrary: filter.map((f) => ({ filter: f })) },
  { weight: 1, arbitrary: filter.map((f) => ({ notExpression: { filter: f } })) },
);

/** GA4's documented shape: an andGroup of orGroups of (not) filters. */
const expression = (size: number): fc.Arbitrary<ChannelGroupFilterExpression> =>
  fc
    .array(fc.array(literal, { minLength: 1, maxLength: size }), { minLength: 1, maxLength: size })
    .map((clauses) => ({ andGroup: { filterExpressions: clauses.map((clause) => ({ orGroup: { filterExpressions: clause } })) } }));

const group = (rules: number, size: number): fc.Arbitrary<ChannelGroup> =>
  fc
    .array(fc.tuple(fc.constantFrom('Direct', 'Paid Search', 'Email', 'Organic', "Bob's"), expression(size)), { minLength: 1, maxLength: rules })
    .map((list) => ({ displayName: 'Random group', groupingRule: list.map(([displayName, expr]) => ({ displayName, expression: expr })) }));

export const channelGroupArbitrary = group(5, 3);
/** Smaller groups for the round trip, whose semantic diff is the costly part. */
export const smallChannelGroupArbitrary = group(3, 2);

export type Ga4Event = Record<string, string | null>;

export const eventsArbitrary: fc.Arbitrary<Ga4Event[]> = fc.array(
  fc.record(
    Object.fromEntries(Object.values(GA4_FIELDS).map((field) => [field, fc.option(text, { nil: null, freq: 4 })])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Ga4Event>,
  { minLength: 1, maxLength: 30 },
);

function matches(filter: ChannelGroupFilter, event: Ga4Event, fields: Record<string, string>): boolean {
  const value = event[fields[filter.fieldName]!];
  if (value === undefined || value === null) return false;
  const test = (source: string) => new RegExp(source, 'iu').test(value);
  if ('inListFilter' in filter) return filter.inListFilter.values.some((item) => test(`^${escapeRegexLiteral(item)}$`));
  const { matchType, value: operand } = filter.stringFilter;
  switch (matchType) {
    case 'EXACT':
      return test(`^${escapeRegexLiteral(operand)}$`);
    case 'BEGINS_WITH':
      return test(`^${escapeRegexLiteral(operand)}`);
    case 'ENDS_WITH':
      return test(`${escapeRegexLiteral(operand)}$`);
    case 'CONTAINS':
      return test(escapeRegexLiteral(operand));
    case 'FULL_REGEXP':
      return test(`^(?:${operand})$`);
    case 'PARTIAL_REGEXP':
      return test(operand);
  }
}

function holds(expression: ChannelGroupFilterExpression, event: Ga4Event, fields: Record<string, string>): boolean {
  if ('andGroup' in expression) return expression.andGroup.filterExpressions.every((item) => holds(item, event, fields));
  if ('orGroup' in expression) return expression.orGroup.filterExpressions.some((item) => holds(item, event, fields));
  if ('notExpression' in expression) return !holds(expression.notExpression, event, fields);
  return matches(expression.filter, event, fields);
}

/** GA4's channel of an event (its fields named by `fields`): the first grouping rule that matches, else none ("Unassigned"). */
export function ga4Channel(group: ChannelGroup, event: Ga4Event, fields: Record<string, string> = GA4_FIELDS): string | null {
  return group.groupingRule.find((rule) => holds(rule.expression, event, fields))?.displayName ?? null;
}
