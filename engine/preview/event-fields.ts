// An event's fields as the preview shows them: flattened dotted paths (SPEC §2.3
// "Fields") with their text (fields.ts `leafText`: numbers and booleans as JSON text,
// arrays as compact JSON, null kept), in the order the event has them.

import type { EventProps } from '../events/event';
import { leafText } from '../events/fields';

export function eventFields(props: EventProps): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  // An explicit stack rather than recursion: JSON.parse reads objects nested any depth,
  // and a call per level ran out of stack some thousands deep.
  const stack: Array<{ entries: Array<[string, unknown]>; next: number; prefix: string }> = [{ entries: Object.entries(props), next: 0, prefix: '' }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.entries.length) {
      stack.pop();
      continue;
    }
    const [key, value] = frame.entries[frame.next++]!;
    const name = frame.prefix === '' ? key : `${frame.prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      stack.push({ entries: Object.entries(value), next: 0, prefix: name });
      continue;
    }
    const text = leafText(value);
    if (typeof text === 'string' || text === null) out.push([name, text]);
  }
  return out;
}
