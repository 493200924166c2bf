// An event's fields as the preview shows them: flattened dotted paths (SPEC §2.3
// "Fields") with their text (fields.ts `leafText`: numbers and booleans as JSON text,
// arrays as compact JSON, null kept), in the order the event has them. A container the
// sample's source system reads as JSON text (PostHog's batch export `properties`) shows
// the fields of the object it holds, as rules see them.

import type { EventProps } from '../events/event';
import { leafText, PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { forEachLeafPath } from '../events/leaf-paths';

export function eventFields(props: EventProps, lookup: FieldLookup = PLAIN_FIELDS): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  forEachLeafPath(
    props,
    (name, value) => {
      const text = leafText(value);
      if (typeof text === 'string' || text === null) out.push([name, text]);
    },
    (path, value) => lookup.jsonTextObject(path, value),
  );
  return out;
}
