// Classifiers written by hand for the report tests, so sessions and attribution are
// tested apart from the parser, checker and compiled classifier.

import type { CheckedRules, Rule } from '../../engine/check/checked-rules';
import { OTHERWISE, UNCLASSIFIED, type Classifier } from '../../engine/classify/classifier';
import type { EventProps } from '../../engine/events/event';
import { fieldAccessor, PLAIN_FIELDS } from '../../engine/events/fields';

export interface HandRule {
  channel: string;
  /** 1-based line of the `when` in the (imagined) rules file. */
  line: number;
  holds: (props: EventProps) => boolean;
}

const NO_SPAN = { start: 0, end: 0 };

/**
 * `fields`: every field the rules' `holds` read, as CheckedRules.fields says them: a
 * Parquet report reads the columns of the fields its rules test and no others.
 */
export function handClassifier(handRules: HandRule[], otherwise?: string, fields: string[] = []): Classifier {
  const rules: Rule[] = handRules.map((rule, index) => ({
    index,
    channel: rule.channel,
    condition: { kind: 'and', operands: [], span: NO_SPAN },
    span: NO_SPAN,
    channelSpan: NO_SPAN,
    line: rule.line,
  }));
  const channels: string[] = [];
  for (const rule of rules) if (!channels.includes(rule.channel)) channels.push(rule.channel);
  if (otherwise !== undefined && !channels.includes(otherwise)) channels.push(otherwise);
  const checked: CheckedRules = {
    caseInsensitive: false,
    rules,
    otherwise: otherwise === undefined ? undefined : { channel: otherwise, span: NO_SPAN, line: 99 },
    channels,
    lists: new Map(),
    expectations: [],
    fields,
    skippedRules: 0,
    diagnostics: [],
  };
  return {
    rules: checked,
    // Reads plain events only (runReport would otherwise compile the rules for another source).
    fields: PLAIN_FIELDS,
    classify(props) {
      const index = handRules.findIndex((rule) => rule.holds(props));
      if (index >= 0) return index;
      return otherwise === undefined ? UNCLASSIFIED : OTHERWISE;
    },
    channelOf(result) {
      if (result >= 0) return rules[result]!.channel;
      return result === OTHERWISE && otherwise !== undefined ? otherwise : null;
    },
  };
}

const utmMedium = fieldAccessor('utm_medium');
const referringDomain = fieldAccessor('referring_domain');
const eventType = fieldAccessor('event_type');
const isNotSet = (value: string | null | undefined): boolean => value === undefined || value === null;
const isIn = (value: string | null | undefined, values: string[]): boolean => typeof value === 'string' && values.includes(value);

/** Amplitude's article classifier, as in examples/amplitude-example.channels (same `when` lines). */
export const amplitudeClassifier = handClassifier([
  { channel: 'paid search', line: 16, holds: (p) => utmMedium(p) === 'paid search' },
  { channel: 'paid social', line: 19, holds: (p) => utmMedium(p) === 'paid social' },
  { channel: 'email', line: 22, holds: (p) => utmMedium(p) === 'email' },
  {
    channel: 'organic social',
    line: 26,
    holds: (p) => isNotSet(utmMedium(p)) && isIn(referringDomain(p), ['facebook.com', 'twitter.com', 'linkedin.com']),
  },
  {
    channel: 'organic search',
    line: 29,
    holds: (p) => isNotSet(utmMedium(p)) && isIn(referringDomain(p), ['google.com', 'bing.com']),
  },
  { channel: 'direct', line: 34, holds: (p) => eventType(p) === 'Page View' },
], undefined, ['utm_medium', 'referring_domain', 'event_type']);

const channelField = fieldAccessor('channel');

/** Channels A, B, C, …: an event's channel is its `channel` field when that names one of them. */
export function fieldClassifier(channels: string[]): Classifier {
  return handClassifier(channels.map((channel, index) => ({ channel, line: index + 1, holds: (p) => channelField(p) === channel })), undefined, ['channel']);
}
