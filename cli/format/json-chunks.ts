// JSON.stringify(value, null, 2), made a piece at a time: the text of `report --format
// json` holds every (ours, theirs) pair of the agreement section (SPEC §9), and made
// whole it was held twice besides the report, as a string and as the bytes written
// (2,000,000 pairs: 370 MB each). Plain objects are walked here member by member, with
// JSON.stringify's rules (members that are undefined, functions or symbols left out,
// keys in Object.keys order), and arrays a slice of elements at a time, each slice
// JSON.stringify's text of it as an array, its brackets cut off; anything else
// (strings, numbers, an object with toJSON or a prototype of its own) is
// JSON.stringify's own text. Text made by JSON.stringify is indented where it sits: it
// breaks lines only between tokens (a string's line breaks are escaped), so indenting
// its lines changes nothing else. A call for each element instead took twice as long
// as JSON.stringify of the whole, a call for each member five times.
//
// The one difference: an element's toJSON is called with its index within its slice,
// and a value's with "" where JSON.stringify gives the key that holds it. A report's
// JSON has no toJSON but Date's, which takes no key.

/** About how many characters a piece holds. */
const PIECE_LENGTH = 1 << 20;
/** The most elements of an array made by one call of JSON.stringify. */
const MAX_ELEMENTS_AT_ONCE = 1024;

type Frame =
  | { kind: 'array'; array: readonly unknown[]; next: number; indent: string; /** The characters of the elements written so far. */ length: number }
  | { kind: 'object'; object: Record<string, unknown>; keys: string[]; next: number; written: boolean; indent: string };

/** The pieces of JSON.stringify(value, null, 2), in order; `value` must be something JSON.stringify writes. */
export function* jsonChunks(value: unknown, pieceLength = PIECE_LENGTH): Generator<string> {
  const stack: Frame[] = [];
  const first = open(value, '', stack);
  if (first === undefined) throw new TypeError('jsonChunks: nothing to write');
  // The piece's parts, joined once it is long enough (a string grown part by part is a chain of them).
  let parts: string[] = [first];
  let length = first.length;
  const add = (part: string): void => {
    parts.push(part);
    length += part.length;
  };
  while (stack.length > 0) {
    if (length >= pieceLength) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
    const frame = stack[stack.length - 1]!;
    const inner = `${frame.indent}  `;
    if (frame.kind === 'array') {
      if (frame.next === frame.array.length) {
        stack.pop();
        add(frame.next === 0 ? ']' : `\n${frame.indent}]`);
        continue;
      }
      // JSON.stringify's text of the next elements as an array of their own, `[\n  a,\n  b\n]`,
      // without its brackets and indented where they sit.
      // As many as make about a sixteenth of a piece, by the length of those written so far.
      const from = frame.next;
      const atOnce = from === 0 ? 1 : Math.max(1, Math.min(MAX_ELEMENTS_AT_ONCE, Math.floor((pieceLength / 16) * (from / frame.length))));
      frame.next = Math.min(from + atOnce, frame.array.length);
      const elements = (JSON.stringify(frame.array.slice(from, frame.next), null, 2) as string).slice(2, -2);
      frame.length += elements.length;
      add(`${from === 0 ? '\n' : ',\n'}${frame.indent}${frame.indent === '' ? elements : elements.replaceAll('\n', `\n${frame.indent}`)}`);
      continue;
    }
    if (frame.next === frame.keys.length) {
      stack.pop();
      add(frame.written ? `\n${frame.indent}}` : '}');
      continue;
    }
    const key = frame.keys[frame.next++]!;
    // A member that is walked has its frame pushed here, and is written from the next turn on.
    const member = open(frame.object[key], inner, stack);
    if (member === undefined) continue;
    add(`${frame.written ? ',\n' : '\n'}${inner}${JSON.stringify(key)}: ${member}`);
    frame.written = true;
  }
  yield parts.join('');
}

/**
 * The text that starts `value` at `indent`: `[` or `{` for an array or plain object,
 * whose frame is pushed to be walked, else its whole text; undefined when JSON leaves
 * it out (undefined, a function, a symbol, or what toJSON makes of them).
 */
function open(value: unknown, indent: string, stack: Frame[]): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    if (Array.isArray(value)) {
      stack.push({ kind: 'array', array: value, next: 0, indent, length: 0 });
      return '[';
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      stack.push({ kind: 'object', object: value as Record<string, unknown>, keys: Object.keys(value), next: 0, written: false, indent });
      return '{';
    }
  }
  return textOf(value, indent);
}

/** JSON.stringify's text of `value`, its lines indented by `indent`; undefined when JSON leaves it out. */
function textOf(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined) return undefined;
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
