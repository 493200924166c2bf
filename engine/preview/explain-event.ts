// The explorer's "why" for one event: engine/classify/explain's answer (the matching
// rule, and for each earlier rule the condition that made it fail) in the preview's
// words: rules as RuleSummary, conditions as the text written in the file, and the
// event's fields for display.

import { OTHERWISE } from '../classify/classifier';
import { explainEvent } from '../classify/explain';
import type { EventProps } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { CANONICAL_FIELDS } from '../events/sources/source-system';
import { eventFields } from './event-fields';
import type { CompiledRules } from './preview-run';
import type { EventExplanation } from './protocol';

export function explainForPreview(
  compiled: CompiledRules,
  props: EventProps,
  eventIndex: number,
  line: number,
  lookup: FieldLookup = PLAIN_FIELDS,
): EventExplanation {
  const { checked, text } = compiled;
  const explanation = explainEvent(checked, props, lookup);
  const summary = (index: number) => compiled.rules.find((rule) => rule.index === index)!;
  return {
    eventIndex,
    line,
    fields: eventFields(props, lookup),
    mapped: mappedFields(props, lookup, checked.fields),
    channel: explanation.channel,
    matched: explanation.result >= 0 ? summary(explanation.result) : undefined,
    byOtherwise: explanation.result === OTHERWISE,
    failed: explanation.failed.map(({ ruleIndex, condition }) => {
      const failure: EventExplanation['failed'][number] = {
        rule: summary(ruleIndex),
        condition: text.slice(condition.span.start, condition.span.end).replace(/\s+/g, ' ').trim(),
        start: condition.span.start,
        end: condition.span.end,
        field: condition.field,
      };
      if (condition.value !== undefined) failure.value = condition.value;
      return failure;
    }),
  };
}

/** What the rules see of the event through its source system's mapping. */
function mappedFields(props: EventProps, lookup: FieldLookup, ruleFields: readonly string[]): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  for (const field of new Set([...CANONICAL_FIELDS, 'event_type', ...ruleFields])) {
    const value = lookup.accessor(field)(props);
    if (value !== undefined) out.push([field, value]);
  }
  return out;
}
