// The exact set of code points a single-character regex element (a character, a
// class, `.`, `\d`, `\w`, `\p{…}`, …) matches in JavaScript with the given flags.
//
// It is computed by asking the JavaScript regex engine itself, code point by code
// point, rather than from Unicode tables of our own: the engine's meaning of
// `ignoring case` is "what a `iu` regex matches" (SPEC §2.3), and tables bundled in a
// library lag behind the Unicode version of the running Node (refa's case folding
// misses pairs added in Unicode 16 and 17, for example). A full scan takes a few tens
// of milliseconds; results are cached per element and flags.

import { MAX_CODE_POINT, SURROGATES, type CodePointRange, type CodePointSet } from './code-point-set';

interface Universe {
  /** Every code point except surrogates, concatenated. */
  text: string;
  /** UTF-16 offset of each code point in `text`. */
  offsets: Uint32Array;
  codePoints: Uint32Array;
}

let universe: Universe | undefined;

function getUniverse(): Universe {
  if (universe !== undefined) return universe;
  const count = MAX_CODE_POINT + 1 - (SURROGATES.max - SURROGATES.min + 1);
  const offsets = new Uint32Array(count);
  const codePoints = new Uint32Array(count);
  const units = new Uint16Array(count + (MAX_CODE_POINT - 0xffff));
  let offset = 0;
  let i = 0;
  for (let codePoint = 0; codePoint <= MAX_CODE_POINT; codePoint++) {
    if (codePoint === SURROGATES.min) codePoint = SURROGATES.max + 1;
    offsets[i] = offset;
    codePoints[i] = codePoint;
    if (codePoint <= 0xffff) units[offset++] = codePoint;
    else {
      units[offset++] = 0xd800 + ((codePoint - 0x10000) >> 10);
      units[offset++] = 0xdc00 + ((codePoint - 0x10000) & 0x3ff);
    }
    i++;
  }
  const chunks: string[] = [];
  for (let start = 0; start < units.length; start += 8192) {
    chunks.push(String.fromCharCode(...units.subarray(start, Math.min(start + 8192, units.length))));
  }
  universe = { text: chunks.join(''), offsets, codePoints };
  return universe;
}

const cache = new Map<string, CodePointSet>();

/**
 * The code points (surrogates excluded) that `elementSource`, a regex source matching
 * exactly one code point, matches under `flags` (`u` or `iu`).
 */
export function jsMatchSet(elementSource: string, flags: 'u' | 'iu'): CodePointSet {
  const key = `${flags}/${elementSource}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const { text, offsets, codePoints } = getUniverse();
  const regex = new RegExp(elementSource, `${flags}y`);
  const ranges: CodePointRange[] = [];
  let open: CodePointRange | undefined;
  for (let i = 0; i < offsets.length; i++) {
    regex.lastIndex = offsets[i]!;
    const codePoint = codePoints[i]!;
    if (regex.test(text)) {
      if (open !== undefined && open.max === codePoint - 1) open.max = codePoint;
      else {
        open = { min: codePoint, max: codePoint };
        ranges.push(open);
      }
    }
  }
  cache.set(key, ranges);
  return ranges;
}
