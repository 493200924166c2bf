// The byte interner numbers strings as a Map of strings numbers them in order of first
// appearance, whichever way a string comes (a string, its ASCII bytes within a larger
// buffer, another interner's keys), with strings that are not ASCII (lone surrogates,
// 0xFF, astral characters), with few hash bits (keys sharing hashes), and past every
// growth of its arrays.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteInterner, hashOf, TooManyNamesError } from '../../engine/collections/byte-interner';

/** Numbers strings in order of first appearance: the reference. */
class Reference {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

const isAscii = (name: string): boolean => [...name].every((c) => c.charCodeAt(0) < 0x80);

/** Strings that are mostly short ASCII ids, some sharing prefixes, some not ASCII at all. */
const nameArbitrary = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'u1', 'u12', '\u00ff', '\u00ffa', '\ud800', '\udc00', '\ud83d\ude00', 'é', 'e\u0301', '\u0080', 'ÿ\u0000'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.stringMatching(/^u[0-9a-z]{0,40}$/),
  // Keys either side of 64 bytes, which are copied byte by byte or with set().
  fc.stringMatching(/^u[0-9a-z]{60,70}$/),
);

type Operation = { kind: 'string' | 'ascii'; name: string } | { kind: 'other'; names: string[] };

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('string' as const), name: nameArbitrary }),
  fc.record({ kind: fc.constant('ascii' as const), name: nameArbitrary }),
  fc.record({ kind: fc.constant('other' as const), names: fc.array(nameArbitrary, { maxLength: 8 }) }),
);

/** Runs the operations on an interner and on the reference; every id must agree. */
function agree(operations: readonly Operation[], hashBits: number): void {
  const interner = new ByteInterner({ hashBits });
  const reference = new Reference();
  // Another thread's interner: its new keys are interned here after each batch, in order.
  const other = new ByteInterner({ hashBits });
  const otherReference = new Reference();
  const translation = new Int32Array(1 << 16);
  let translated = 0;
  for (const operation of operations) {
    if (operation.kind === 'other') {
      const before = other.count;
      for (const name of operation.names) expect(other.intern(name)).toBe(otherReference.intern(name));
      interner.internKeys(other.keysFrom(before), translation, translated);
      for (let id = before; id < other.count; id++) expect(translation[id]).toBe(reference.intern(otherReference.names[id]!));
      translated = other.count;
      continue;
    }
    const { name } = operation;
    if (operation.kind === 'ascii' && isAscii(name)) {
      // The bytes somewhere inside a larger buffer, as a line holds them.
      const bytes = new Uint8Array(3 + name.length + 2).fill(0x22);
      for (let k = 0; k < name.length; k++) bytes[3 + k] = name.charCodeAt(k);
      expect(interner.internAscii(bytes, 3, 3 + name.length)).toBe(reference.intern(name));
    } else {
      expect(interner.intern(name)).toBe(reference.intern(name));
    }
  }
  expect(interner.count).toBe(reference.names.length);
  expect(interner.decodedNames()).toEqual(reference.names);
  reference.names.forEach((name, id) => expect(interner.nameOf(id)).toBe(name));
  expect(interner.decodedNames(Math.floor(reference.names.length / 2))).toEqual(reference.names.slice(Math.floor(reference.names.length / 2)));
}

describe('ByteInterner', () => {
  it('numbers strings as a Map does, however they come', () => {
    fc.assert(fc.property(fc.array(operationArbitrary, { maxLength: 60 }), (operations) => agree(operations, 32)), { numRuns: 400 });
  });

  it('numbers them the same when keys share hashes (2 bits of hash: probes past equal hashes)', () => {
    fc.assert(fc.property(fc.array(operationArbitrary, { maxLength: 60 }), (operations) => agree(operations, 2)), { numRuns: 300 });
  });

  it('keeps every key past the growth of its table, keys and bytes', () => {
    const operations: Operation[] = [];
    for (let i = 0; i < 6000; i++) operations.push({ kind: i % 3 === 0 ? 'ascii' : 'string', name: `user-${(i * 7919) % 5000}-${'x'.repeat(i % 50)}` });
    for (let i = 0; i < 40; i++) operations.push({ kind: 'other', names: Array.from({ length: 50 }, (_, j) => `w${i * 37 + j}\u00e9`) });
    agree(operations, 32);
  });

  it('tells a string that is not ASCII from the bytes of its UTF-16 code units', () => {
    const interner = new ByteInterner();
    // 'A' is 0x41: the UTF-16 code unit 0x4141 is the bytes 0x41 0x41, the key of "AA" but for the mark.
    const wide = interner.intern('\u4141');
    const ascii = interner.internAscii(new Uint8Array([0x41, 0x41]), 0, 2);
    expect(ascii).not.toBe(wide);
    expect(interner.intern('AA')).toBe(ascii);
    expect(interner.decodedNames()).toEqual(['\u4141', 'AA']);
  });

  it('gives back keys longer than one call of String.fromCharCode takes, ASCII or not', () => {
    const interner = new ByteInterner();
    const ascii = 'a'.repeat(5000) + 'b'.repeat(5000) + 'c';
    const wide = '\ud800'.repeat(4097) + 'é\udc00x';
    expect(interner.intern(ascii)).toBe(0);
    expect(interner.intern(wide)).toBe(1);
    expect(interner.nameOf(0)).toBe(ascii);
    expect(interner.nameOf(1)).toBe(wide);
    expect(interner.decodedNames()).toEqual([ascii, wide]);
  });

  it('says what its names are when it refuses one', () => {
    const interner = new ByteInterner({ maxKeyBytes: 4, names: 'unassigned traffic patterns' });
    interner.intern('abcd');
    expect(() => interner.intern('e')).toThrow(/^more distinct unassigned traffic patterns than a run can hold: 1 of them take 4 bytes, the limit$/);
  });

  it('refuses a key past its bytes, one line, and keeps the keys it holds', () => {
    const interner = new ByteInterner({ maxKeyBytes: 10 });
    expect(interner.intern('abcd')).toBe(0);
    expect(interner.intern('efghij')).toBe(1);
    expect(() => interner.intern('k')).toThrow(TooManyNamesError);
    expect(() => interner.internAscii(new Uint8Array([0x6b]), 0, 1)).toThrow(/more distinct user ids than a run can hold: 2 of them take 10 bytes/);
    // Keys it holds are still found, and found alike.
    expect(interner.intern('efghij')).toBe(1);
    expect(interner.internAscii(new Uint8Array([0x61, 0x62, 0x63, 0x64]), 0, 4)).toBe(0);
    expect(interner.count).toBe(2);
  });
});

describe('the hash of a key', () => {
  // MurmurHash3's block step, which mixes each four bytes without the seed: a block b1
  // whose mixed value differs by 0x40000 from a1's, followed by a block b2 whose mixed
  // value differs by 0x80000000 from a2's, gives the same hash as a1 a2 whatever the seed.
  const C1 = 0xcc9e2d51;
  const C2 = 0x1b873593;
  const mix = (block: number): number => Math.imul((Math.imul(block, C1) << 15) | (Math.imul(block, C1) >>> 17), C2);
  const inverse = (c: number): number => {
    let x = c;
    for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
    return x;
  };
  const unmix = (mixed: number): number => {
    const rotated = Math.imul(mixed, inverse(C2));
    return Math.imul((rotated >>> 15) | (rotated << 17), inverse(C1));
  };
  const bytesOf = (word: number): number[] => [0, 8, 16, 24].map((shift) => (word >>> shift) & 0xff);
  const murmur3Blocks = (bytes: Uint8Array, seed: number): number => {
    let hash = seed ^ bytes.length;
    let k = 0;
    for (; k + 4 <= bytes.length; k += 4) {
      hash ^= mix(bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24));
      hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
    }
    for (let tail = 0; k < bytes.length; k++, tail += 8) hash ^= mix(bytes[k]! << tail);
    return hash;
  };

  /** 2^pairs user ids written with `\u` escapes, as a JSON string gives them: their keys are 0xFF and their UTF-16 units. */
  function craftedKeys(pairs: number): Uint8Array[] {
    const a1 = 0x41424344;
    const a2 = 0x45464748;
    const x = [...bytesOf(a1), ...bytesOf(a2)];
    const y = [...bytesOf(unmix(mix(a1) ^ 0x40000)), ...bytesOf(unmix(mix(a2) ^ 0x80000000))];
    let bodies: number[][] = [[]];
    for (let pair = 0; pair < pairs; pair++) bodies = bodies.flatMap((body) => [[...body, ...x], [...body, ...y]]);
    return bodies.map((body) => Uint8Array.from([0xff, 0xe9, 0x00, 0x41, ...body, 0x42]));
  }

  it('spreads keys made to share one MurmurHash3 hash whatever the seed', () => {
    const keys = craftedKeys(12);
    for (const seed of [0, 1, 0x9747b28c, -123456789]) {
      // The keys are what they are meant to be: one hash for all under murmur3's blocks.
      expect(new Set(keys.map((key) => murmur3Blocks(key, seed))).size).toBe(1);
      // Here: as many hashes as keys, or nearly (32 bits, 4,096 keys).
      expect(new Set(keys.map((key) => hashOf(key, 0, key.length, seed))).size).toBeGreaterThan(4090);
    }
  });
});
