// An event's fields as the preview shows them: flattened dotted paths (SPEC §2.3
// "Fields") with their text (fields.ts `leafText`: numbers and booleans as JSON text,
// arrays as compact JSON, null kept), in the order the event has them.

import type { EventProps } from '../events/event';
import { leafText } from '../events/fields';
import { forEachLeafPath } from '../events/leaf-paths';

export function eventFields(props: EventProps): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  forEachLeafPath(props, (name, value) => {
    const text = leafText(value);
    if (typeof text === 'string' || text === null) out.push([name, text]);
  });
  return out;
}
