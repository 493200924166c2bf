// An event's leaves with their dotted paths (SPEC §2.3 "Fields"), depth first in the
// order the event has them: a leaf is anything but an object (an array, a string, a
// number, null, …). Walked with an explicit stack rather than recursion: JSON.parse
// reads objects nested any depth, and a call per level ran out of stack some
// thousands deep.

import type { EventProps } from './event';

/**
 * `objectIn`: the object a leaf holds as JSON text, walked in its place (a source
 * system's JSON-text container: ./fields FieldLookup.jsonTextObject); undefined keeps
 * the leaf.
 */
export function forEachLeafPath(
  props: EventProps,
  visit: (path: string, value: unknown) => void,
  objectIn?: (path: string, value: unknown) => Record<string, unknown> | undefined,
): void {
  const stack: Array<{ entries: Array<[string, unknown]>; next: number; prefix: string }> = [{ entries: Object.entries(props), next: 0, prefix: '' }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.entries.length) {
      stack.pop();
      continue;
    }
    const [key, value] = frame.entries[frame.next++]!;
    const path = frame.prefix === '' ? key : `${frame.prefix}.${key}`;
    const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : objectIn?.(path, value);
    if (object !== undefined) stack.push({ entries: Object.entries(object), next: 0, prefix: path });
    else visit(path, value);
  }
}
