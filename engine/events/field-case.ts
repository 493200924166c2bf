// Field names that differ from the record's only in ASCII case (Snowflake and Oracle
// unload unquoted columns in upper case: USER_ID, UTM_MEDIUM). Names match exactly
// (SPEC §3), so such a file reads as having no user or no utm_medium, silently; this
// finds, once per run on the record that decided its fields (SPEC §3.2), each name the
// run needs that the record lacks while it has a key equal to it ignoring ASCII case,
// and the `--map` that reads it. Nothing here runs per event.

import { CANONICAL_FIELDS } from './sources/source-system';
import type { EventProps } from './event';
import type { EventFields } from './event-source';
import { leafText } from './fields';

/** The metadata a run reads (EventMetaSpec), by its `--map` name. */
const META_HINTS = [
  { map: 'user', label: 'user', spec: 'user' },
  { map: 'time', label: 'time', spec: 'time' },
  { map: 'type', label: 'event type', spec: 'eventType' },
  { map: 'session', label: 'session', spec: 'session' },
] as const;

/** One name the record lacks but has in another ASCII case. */
export type FieldCaseHint =
  | {
      /** A metadata field: none of `paths` is in the record. */
      kind: 'meta';
      /** Its `--map` name (user, time, type, session) and what it is called in messages. */
      map: string;
      label: string;
      paths: readonly string[];
      /** The record's spelling of the first of the paths it has ignoring case. */
      found: string;
    }
  | {
      /** A field the rules test. */
      kind: 'rule';
      field: string;
      /** `referrer` when the field is referring_domain and the record has its referrer in another case (./fields derives the one from the other). */
      derivedFrom?: string;
      /** Its `--map` name, when it has one (a canonical field, or type for event_type); else the rules must say `found`. */
      map: string | undefined;
      found: string;
    };

/**
 * The hints for a run whose fields are `fields` and whose rules test `ruleFields`, read
 * on the record that decided the fields (none when no record did). Metadata first, in
 * META_HINTS order, then the rule fields in their order; a rule field whose `--map` a
 * hint before gives already (event_type and the event type) is said once.
 */
export function fieldCaseHints(fields: EventFields, ruleFields: readonly string[], keyBudget = KEY_BUDGET): FieldCaseHint[] {
  const record = fields.decidingRecord;
  if (record === undefined) return [];
  const { lookup, metaSpec } = fields;
  // A CSV's column is there though its cell in the first row is empty (an empty cell is missing).
  const columns = new Set(fields.decidingColumns);
  const present = (path: string): boolean => columns.has(path) || lookup.path(path)(record) !== undefined;
  // A system's metadata is exactly its paths; plain events look them up as fields (through the containers).
  const metaPaths = (path: string): readonly string[] => (fields.system.metaThroughContainers === true ? lookup.pathsOf(path) : [path]);
  const index = new CaseIndex(keyBudget);
  const hints: FieldCaseHint[] = [];
  const maps = new Set<string>();
  for (const { map, label, spec } of META_HINTS) {
    const paths = metaSpec[spec];
    const tried = paths.flatMap(metaPaths);
    if (tried.some(present)) continue;
    const found = firstSpelling(record, tried, index);
    if (found === undefined) continue;
    hints.push({ kind: 'meta', map, label, paths, found });
    maps.add(`${map}=${found}`);
  }
  for (const field of new Set(ruleFields)) {
    if (lookup.accessor(field)(record) !== undefined || lookup.pathsOf(field).some((path) => columns.has(path))) continue;
    let read = field;
    let found = firstSpelling(record, lookup.pathsOf(field), index);
    if (found === undefined && field === 'referring_domain' && !lookup.pathsOf('referrer').some((path) => columns.has(path))) {
      read = 'referrer';
      found = firstSpelling(record, lookup.pathsOf(read), index);
    }
    if (found === undefined) continue;
    const map = read === 'event_type' ? 'type' : (CANONICAL_FIELDS as readonly string[]).includes(read) ? read : undefined;
    if (map !== undefined && maps.has(`${map}=${found}`)) continue;
    hints.push({ kind: 'rule', field, ...(read === field ? {} : { derivedFrom: read }), map, found });
    if (map !== undefined) maps.add(`${map}=${found}`);
  }
  return hints;
}

/** The hint as a sentence; `fix`: how the reader maps a name to a path (the CLI's `--map user=USER_ID`). */
export function describeFieldCaseHint(hint: FieldCaseHint, fix: (map: string, path: string) => string): string {
  if (hint.kind === 'meta') {
    return `no ${hint.label} field (${hint.paths.join(', ')}); the events have ${hint.found} (field names match exactly; ${fix(hint.map, hint.found)})`;
  }
  const remedy = hint.map === undefined ? `write ${hint.found} in the rules` : fix(hint.map, hint.found);
  const field = hint.derivedFrom === undefined ? hint.field : `${hint.field} (derived from ${hint.derivedFrom})`;
  return `the rules test ${field}; the events have ${hint.found} (field names match exactly; ${remedy})`;
}

/**
 * At most this many keys are indexed and followed for one run: a record can hold many
 * keys equal ignoring case at every level of a path, whose walks multiply, and an
 * object of millions of keys (a CSV header of 3,000,000 columns took 4 s and 600 MB to
 * index); past it no more hints are looked for (they are advice, and the run goes on
 * as it would without them).
 */
export const KEY_BUDGET = 100_000;

/** The keys of each object walked, by their ASCII lower case: each object's keys are read once a run. */
class CaseIndex {
  private readonly byObject = new Map<object, Map<string, string[]>>();
  left: number;

  constructor(budget: number) {
    this.left = budget;
  }

  keysOf(object: Record<string, unknown>, lower: string): readonly string[] {
    let index = this.byObject.get(object);
    if (index === undefined) {
      if (this.left <= 0) return [];
      const keys = Object.keys(object);
      this.left -= keys.length;
      if (this.left < 0) return [];
      index = new Map();
      for (const key of keys) {
        const folded = asciiLower(key);
        const keys = index.get(folded);
        if (keys === undefined) index.set(folded, [key]);
        else keys.push(key);
      }
      this.byObject.set(object, index);
    }
    return index.get(lower) ?? [];
  }
}

/** The record's spelling of the first of `paths` it has ignoring ASCII case but not as written. */
function firstSpelling(record: EventProps, paths: readonly string[], index: CaseIndex): string | undefined {
  for (const path of paths) {
    const found = spelling(record, asciiLower(path).split('.'), 0, [], index);
    // Not the path itself (there, but not a field: an object), nor one `--map` cannot name (an empty part).
    if (found !== undefined && found !== path && !found.split('.').includes('')) return found;
  }
  return undefined;
}

/**
 * The keys from `object` down that spell `parts[from..]` ignoring ASCII case and end
 * at a field's value, joined by dots; a key may hold several parts (`"a.b"`), as the
 * lookup reads them (./fields lookupPath).
 */
function spelling(object: Record<string, unknown>, parts: readonly string[], from: number, keys: readonly string[], index: CaseIndex): string | undefined {
  let joined = '';
  for (let end = from; end < parts.length; end++) {
    joined = end === from ? parts[from]! : `${joined}.${parts[end]}`;
    for (const key of index.keysOf(object, joined)) {
      if (--index.left < 0) return undefined;
      const value = object[key];
      if (end === parts.length - 1) {
        if (leafText(value) !== undefined) return [...keys, key].join('.');
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const found = spelling(value as Record<string, unknown>, parts, end + 1, [...keys, key], index);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
