// The compact JSON text of a value (SPEC §2.3: "an array is its compact JSON text"),
// at any depth. V8's JSON.stringify recurses, and throws RangeError ("Maximum call
// stack size exceeded") on arrays or objects nested some thousands deep (about 5,000
// on a default stack), which JSON.parse, iterative since V8 7.6, reads at any depth: a
// line of ten kilobytes aborted the run. JSON.stringify stays the fast path; only when
// it runs out of stack is the same text written with an explicit stack instead.

/** An array or object being written: its members so far and where the next one is. */
interface Frame {
  readonly value: readonly unknown[] | Record<string, unknown>;
  /** An object's keys (Object.keys, JSON.stringify's order); undefined for an array. */
  readonly keys: readonly string[] | undefined;
  next: number;
  /** Whether a member has been written (an object omits some: JSON.stringify skips undefined). */
  wrote: boolean;
}

/**
 * JSON.stringify(value) without a replacer, at any nesting depth: the same text, or
 * the same error for what JSON.stringify refuses other than by depth (a BigInt).
 */
export function compactJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return compactJsonIteratively(value);
  }
}

/**
 * A value as JSON.stringify sees it before writing it: after its toJSON(key), with a
 * boxed primitive unwrapped.
 */
function resolved(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key) as unknown;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt) return value.valueOf();
  return value;
}

/** Whether JSON.stringify writes the (resolved) value as an array or an object, recursing into it. */
function isStructure(value: unknown): value is readonly unknown[] | Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Whether JSON.stringify leaves the (resolved) value out: undefined, a function or a symbol. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * JSON.stringify's text written with an explicit stack: a primitive's text is
 * JSON.stringify's own, so only the walk over arrays and objects is done here.
 * Linear in the text's length.
 */
export function compactJsonIteratively(value: unknown): string | undefined {
  const top = resolved(value, '');
  if (isOmitted(top)) return undefined;
  if (!isStructure(top)) return JSON.stringify(top);
  const parts: string[] = [];
  const stack: Frame[] = [];
  /** Writes a resolved member value, opening a frame for an array or object. */
  const write = (member: unknown) => {
    if (!isStructure(member)) {
      parts.push(JSON.stringify(member));
    } else if (Array.isArray(member)) {
      parts.push('[');
      stack.push({ value: member, keys: undefined, next: 0, wrote: false });
    } else {
      parts.push('{');
      stack.push({ value: member, keys: Object.keys(member), next: 0, wrote: false });
    }
  };
  write(top);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.keys === undefined) {
      const array = frame.value as readonly unknown[];
      if (frame.next === array.length) {
        parts.push(']');
        stack.pop();
        continue;
      }
      const index = frame.next++;
      if (index > 0) parts.push(',');
      const member = resolved(array[index], String(index));
      if (isOmitted(member)) parts.push('null');
      else write(member);
    } else {
      if (frame.next === frame.keys.length) {
        parts.push('}');
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.next++]!;
      const member = resolved((frame.value as Record<string, unknown>)[key], key);
      if (isOmitted(member)) continue;
      parts.push(frame.wrote ? `,${JSON.stringify(key)}:` : `${JSON.stringify(key)}:`);
      frame.wrote = true;
      write(member);
    }
  }
  return parts.join('');
}
