// The Google Analytics Admin API `ChannelGroup` resource (v1alpha / v1beta), as JSON:
// the fields SPEC §8 reads and writes, and the mapping between GA4 field names and
// the language's fields.

export interface ChannelGroup {
  name?: string;
  displayName: string;
  description?: string;
  groupingRule: GroupingRule[];
  systemDefined?: boolean;
  primary?: boolean;
}

export interface GroupingRule {
  displayName: string;
  expression: ChannelGroupFilterExpression;
}

export type ChannelGroupFilterExpression =
  | { andGroup: ChannelGroupFilterExpressionList }
  | { orGroup: ChannelGroupFilterExpressionList }
  | { notExpression: ChannelGroupFilterExpression }
  | { filter: ChannelGroupFilter };

export interface ChannelGroupFilterExpressionList {
  filterExpressions: ChannelGroupFilterExpression[];
}

export type StringMatchType = 'EXACT' | 'BEGINS_WITH' | 'ENDS_WITH' | 'CONTAINS' | 'FULL_REGEXP' | 'PARTIAL_REGEXP';

export type ChannelGroupFilter = { fieldName: string } & ({ stringFilter: { matchType: StringMatchType; value: string } } | { inListFilter: { values: string[] } });

/** GA4 allows at most this many grouping rules (channels) in a group. */
export const MAX_GROUPING_RULES = 50;
/** GA4's limit on a channel group's display name. */
export const MAX_DISPLAY_NAME = 80;
/** GA4's limit on a channel group's description ("Max length of 256 characters"). */
export const MAX_DESCRIPTION = 256;

const NAMED_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['eachScopeSource', 'utm_source'],
  ['eachScopeMedium', 'utm_medium'],
  ['eachScopeCampaignName', 'utm_campaign'],
  ['eachScopeCampaignId', 'utm_id'],
  ['eachScopeSourcePlatform', 'source_platform'],
  ['eachScopeDefaultChannelGroup', 'default_channel_group'],
];

/** The language field of a GA4 field name (SPEC §8). */
export function fieldOfGa4(fieldName: string): string {
  const named = NAMED_FIELDS.find(([ga4]) => ga4 === fieldName);
  if (named !== undefined) return named[1];
  const rest = fieldName.startsWith('eachScope') && fieldName.length > 'eachScope'.length ? fieldName.slice('eachScope'.length) : fieldName;
  return rest.replace(/^[A-Z]/, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The GA4 field name of a language field, or undefined when no GA4 name maps back to it. */
export function ga4FieldOf(field: string): string | undefined {
  const named = NAMED_FIELDS.find(([, ours]) => ours === field);
  if (named !== undefined) return named[0];
  if (!/^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)*$/.test(field)) return undefined;
  const ga4 = `eachScope${field.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
  return fieldOfGa4(ga4) === field ? ga4 : undefined;
}
