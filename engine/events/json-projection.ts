// NDJSON read through a projection (Node only: it decodes with Buffer): the
// WebAssembly scanner (wasm/json-projection.ts) checks every line of a range and puts
// on a tape only the members that the run's field lookups can reach; this turns the
// tape into records holding just those members. JSON.parse builds every member of
// every record (a GA4 export row is mostly parameters no rule reads) and needs the
// bytes decoded into a string first; the scanner reads the bytes as they are.
//
// The records are exact for the run: a member is kept when its flattened path
// (parent keys and its key joined with dots, as ./fields flattens them) is one that a
// lookup reads, lies under one (kept whole, as JSON.parse gives it), or lies above one
// (an object kept with only such members). Lookups read nothing else: ./fields
// compiles every path a run reads before its first record (FieldLookup.readPaths). A
// duplicate key keeps its last value, as JSON.parse does. Strings, numbers and kept
// subtrees are JSON.parse's own results, and equal string bytes are decoded once per
// range.
//
// The scanner gives up on a range (`read` returns undefined, and the caller reads it
// with JSON.parse as before) on anything it does not decide exactly itself: a line that
// is not one valid JSON object in valid UTF-8 (its skip reason is JSON.parse's), an
// escaped key, a number with a run of 16 digits (./exact-integers), nesting deeper
// than 256, a kept key named like a member of Object.prototype.

import type { EventBatch, EventProps } from './event';
import { JSON_PROJECTION_WASM } from './json-projection-wasm';

interface ScannerExports {
  memory: WebAssembly.Memory;
  prepare(length: number): number;
  scan(length: number): number;
  tapePointer(): number;
  tapeSlots(): number;
}

// The scanner's tape operations (wasm/json-projection.ts).
const OP_LINE = 1;
const OP_OPEN = 2;
const OP_CLOSE = 3;
const OP_ASCII = 4;
const OP_UTF8 = 5;
const OP_ESCAPED = 6;
const OP_NUMBER = 7;
const OP_TRUE = 8;
const OP_FALSE = 9;
const OP_NULL = 10;
const OP_RAW = 11;

/** decide()'s answers besides a node. */
const SKIP = -1;
const GIVE_UP = -2;

/** Buffer's own slicing methods behind `toString(encoding, start, end)`, without its argument checks (once per string read). */
type SlicingBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

let compiled: WebAssembly.Module | undefined;

function scannerModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(JSON_PROJECTION_WASM, 'base64'));
  return compiled;
}

/** Makes a record (or a kept object) from its members' values, in the order of its members. */
type RecordMaker = (values: unknown[]) => EventProps;

/**
 * Reads ranges of NDJSON lines into records of the members that `paths` reach. Every
 * record of one object path has the same members, in the same order (absent ones
 * undefined, which every lookup reads as absent: ./fields): made by one object literal,
 * they share one shape, so the lookups' property loads stay monomorphic.
 */
export class JsonProjection {
  private readonly scanner: ScannerExports;
  private readonly exact: Set<string>;
  /** Per node (0: the record itself): its key, its flattened path, and its place among its parent's members. */
  private readonly keys: string[] = [''];
  private readonly nodePaths: string[] = [''];
  private readonly slotOf: number[] = [-1];
  /** Per node kept as a projected object: its members' nodes, their values while it is built, and its maker. */
  private readonly members: (number[] | undefined)[] = [[]];
  private readonly slots: (unknown[] | undefined)[] = [[]];
  private readonly makers: (RecordMaker | undefined)[] = [undefined];
  /** Per node, its members' answers by key, should the scanner ask again (its own memory of answers is bounded). */
  private readonly answers: Map<string, number>[] = [new Map()];
  /** The strings of the range being read, by the scanner's value id. */
  private readonly values: string[] = [];
  private memory: SlicingBuffer;

  constructor(private readonly paths: readonly string[]) {
    this.exact = new Set(paths);
    const instance = new WebAssembly.Instance(scannerModule(), {
      env: {
        decide: (state: number, pointer: number, length: number) => this.decide(state, pointer, length),
        abort: () => {
          throw new Error('the JSON projection scanner stopped');
        },
      },
    });
    this.scanner = instance.exports as unknown as ScannerExports;
    this.memory = Buffer.from(this.scanner.memory.buffer) as SlicingBuffer;
  }

  /**
   * Adds the events of `bytes` (whole lines, LF-ended but the last; no byte order mark)
   * to `batch`, lines numbered from 1, and returns the number of lines; or returns
   * undefined, having added nothing, when the range must be read with JSON.parse.
   */
  read(bytes: Uint8Array, batch: EventBatch): number | undefined {
    const scanner = this.scanner;
    const at = scanner.prepare(bytes.length);
    this.memory = Buffer.from(scanner.memory.buffer) as SlicingBuffer;
    this.memory.set(bytes, at);
    const lines = scanner.scan(bytes.length);
    if (lines < 0) return undefined;
    this.build(new Int32Array(scanner.memory.buffer, scanner.tapePointer(), scanner.tapeSlots()), batch);
    return lines;
  }

  private build(tape: Int32Array, batch: EventBatch): void {
    const { memory, slotOf, slots } = this;
    const values = this.values;
    values.length = 0;
    const open: number[] = [];
    let node = 0;
    let current = slots[0]!;
    let line = -1;
    const length = tape.length;
    let i = 0;
    while (i < length) {
      const op = tape[i]!;
      if (op === OP_LINE) {
        if (line >= 0) batch.events.push({ line, props: this.make(0) });
        line = tape[i + 1]!;
        current.fill(undefined);
        i += 2;
        continue;
      }
      if (op === OP_CLOSE) {
        const object = this.make(node);
        const member = node;
        node = open.pop()!;
        current = slots[node]!;
        current[slotOf[member]!] = object;
        i += 1;
        continue;
      }
      const slot = slotOf[tape[i + 1]!]!;
      switch (op) {
        case OP_ASCII:
        case OP_UTF8: {
          const id = tape[i + 2]!;
          const start = tape[i + 3]!;
          const end = start + tape[i + 4]!;
          // A value's first occurrence on the tape is the one that numbered it: its id is values.length.
          if (id >= 0 && id < values.length) current[slot] = values[id];
          else {
            const text = op === OP_ASCII ? memory.latin1Slice(start, end) : memory.utf8Slice(start, end);
            if (id >= 0) values.push(text);
            current[slot] = text;
          }
          i += 5;
          break;
        }
        case OP_OPEN:
          open.push(node);
          node = tape[i + 1]!;
          current = slots[node]!;
          current.fill(undefined);
          i += 2;
          break;
        case OP_NUMBER: {
          const start = tape[i + 2]!;
          current[slot] = Number(memory.latin1Slice(start, start + tape[i + 3]!));
          i += 4;
          break;
        }
        case OP_ESCAPED:
        case OP_RAW: {
          const start = tape[i + 2]!;
          current[slot] = JSON.parse(memory.utf8Slice(start, start + tape[i + 3]!)) as unknown;
          i += 4;
          break;
        }
        case OP_TRUE:
        case OP_FALSE:
        case OP_NULL:
          current[slot] = op === OP_TRUE ? true : op === OP_FALSE ? false : null;
          i += 2;
          break;
        default:
          throw new Error(`the JSON projection scanner wrote an unknown operation ${op}`);
      }
    }
    if (line >= 0) batch.events.push({ line, props: this.make(0) });
  }

  /** The object of `node` from its members' values. */
  private make(node: number): EventProps {
    let maker = this.makers[node];
    if (maker === undefined) {
      // Keys as JSON string literals (valid JavaScript string literals); none is
      // `__proto__` or another member of Object.prototype (decide gives up on those).
      const members = this.members[node]!.map((member, slot) => `${JSON.stringify(this.keys[member])}: v[${slot}]`);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the keys are JSON string literals (above)
      maker = new Function(`"use strict"; return function make(v) { return { ${members.join(', ')} }; };`)() as RecordMaker;
      this.makers[node] = maker;
    }
    return maker(this.slots[node]!);
  }

  /** Whether the member `key` of node `state` is kept: SKIP, GIVE_UP or node * 2 + descend. */
  private decide(state: number, pointer: number, length: number): number {
    const key = Buffer.from(this.scanner.memory.buffer).toString('utf8', pointer, pointer + length);
    // Two members may have one path (`{"a.b": …}` and `{"a": {"b": …}}`): answers are per node and key.
    const answers = this.answers[state]!;
    const known = answers.get(key);
    if (known !== undefined) return known;
    const path = state === 0 ? key : `${this.nodePaths[state]}.${key}`;
    const whole = this.exact.has(path) || this.paths.some((read) => path.startsWith(`${read}.`));
    const descend = !whole && this.paths.some((read) => read.startsWith(`${path}.`));
    if (!whole && !descend) return SKIP;
    // The records are object literals: a member of Object.prototype (`__proto__` sets the
    // prototype there) is the JSON.parse path's.
    if (key in Object.prototype) return GIVE_UP;
    const node = this.keys.length;
    const siblings = this.members[state]!;
    this.keys.push(key);
    this.nodePaths.push(path);
    this.slotOf.push(siblings.length);
    siblings.push(node);
    this.slots[state]!.push(undefined);
    this.makers[state] = undefined;
    this.members.push(descend ? [] : undefined);
    this.slots.push(descend ? [] : undefined);
    this.makers.push(undefined);
    this.answers.push(new Map());
    const answer = node * 2 + (descend ? 1 : 0);
    answers.set(key, answer);
    return answer;
  }
}
