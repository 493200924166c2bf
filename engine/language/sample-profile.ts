// What the sample events say about each field: how many events have it, and its most
// frequent values with counts. Completion offers these names and values, hover shows
// them, and the `unknown-field` hint uses the names. Field names are the flattened
// dotted paths of SPEC §2.3, plus the unprefixed names that property containers make
// visible (SPEC §3, §3.2), the canonical fields the source system maps and the derived
// `referring_domain`; values are read through the sample's FieldLookup, the one
// definition of field lookup (a container written as JSON text, as PostHog's batch
// export writes `properties`, gives the names of the object it holds).

import type { EventProps } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { forEachLeafPath } from '../events/leaf-paths';
import { CANONICAL_FIELDS } from '../events/sources/source-system';

export interface ValueCount {
  /** null for JSON null. */
  value: string | null;
  count: number;
}

export interface FieldProfile {
  field: string;
  /** Events in which the field is present (a string or null). */
  present: number;
  /** Most frequent values first (ties by value), at most `maxValuesPerField`. */
  values: ValueCount[];
  /** Distinct values counted (capped at `maxDistinctPerField`). */
  distinct: number;
  /** True when more distinct values existed than were counted. */
  truncated: boolean;
}

export interface SampleProfile {
  events: number;
  fields: Map<string, FieldProfile>;
}

export interface ProfileOptions {
  /** How the events' fields are read (their source system); default plain. */
  lookup?: FieldLookup;
  maxValuesPerField?: number;
  maxDistinctPerField?: number;
  maxFields?: number;
}

/** Names a field lookup maps (canonical fields, event_type): offered when the lookup finds them. */
const MAPPED_NAMES = [...CANONICAL_FIELDS, 'event_type'];

/**
 * Field names an event has under `lookup` (its source system, SPEC §3.2): every leaf
 * path, the entries of key/value arrays (GA4's `event_params.<key>`), the names its
 * property containers make visible, and the mapped names (canonical fields,
 * `event_type`, the derived `referring_domain`) the lookup finds.
 */
export function fieldNamesOf(props: EventProps, lookup: FieldLookup = PLAIN_FIELDS): string[] {
  const names = new Set<string>();
  forEachLeafPath(
    props,
    (name) => names.add(name),
    (path, value) => lookup.jsonTextObject(path, value),
  );
  const { containers, keyValueArrays = [] } = lookup.layout;
  for (const array of keyValueArrays) {
    const entries = props[array];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const key = (entry as { key?: unknown } | null)?.key;
      if (typeof key === 'string') names.add(`${array}.${key}`);
    }
  }
  // The properties of the containers are visible without the prefix too (SPEC §3, §3.2).
  for (const name of [...names]) {
    for (const container of containers) if (name.startsWith(`${container}.`)) names.add(name.slice(container.length + 1));
  }
  for (const name of MAPPED_NAMES) if (!names.has(name) && lookup.accessor(name)(props) !== undefined) names.add(name);
  return [...names];
}


/** Builds the profile incrementally: `add` each event, then `finish`. */
export class SampleProfiler {
  private events = 0;
  private readonly counts = new Map<string, { present: number; values: Map<string | null, number>; truncated: boolean }>();
  private readonly maxValues: number;
  private readonly maxDistinct: number;
  private readonly maxFields: number;
  private readonly lookup: FieldLookup;

  constructor(options: ProfileOptions = {}) {
    this.lookup = options.lookup ?? PLAIN_FIELDS;
    this.maxValues = options.maxValuesPerField ?? 100;
    this.maxDistinct = options.maxDistinctPerField ?? 5000;
    this.maxFields = options.maxFields ?? 2000;
  }

  add(props: EventProps): void {
    this.events++;
    for (const name of fieldNamesOf(props, this.lookup)) {
      let entry = this.counts.get(name);
      if (entry === undefined) {
        if (this.counts.size >= this.maxFields) continue;
        entry = { present: 0, values: new Map(), truncated: false };
        this.counts.set(name, entry);
      }
      const value = this.lookup.accessor(name)(props);
      if (value === undefined) continue;
      entry.present++;
      const count = entry.values.get(value);
      if (count !== undefined) entry.values.set(value, count + 1);
      else if (entry.values.size < this.maxDistinct) entry.values.set(value, 1);
      else entry.truncated = true;
    }
  }

  finish(): SampleProfile {
    const fields = new Map<string, FieldProfile>();
    const names = [...this.counts.keys()].sort();
    for (const name of names) {
      const entry = this.counts.get(name)!;
      if (entry.present === 0) continue;
      const values = [...entry.values.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || compareValues(a.value, b.value))
        .slice(0, this.maxValues);
      fields.set(name, { field: name, present: entry.present, values, distinct: entry.values.size, truncated: entry.truncated });
    }
    return { events: this.events, fields };
  }
}

function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export function profileEvents(events: Iterable<EventProps>, options?: ProfileOptions): SampleProfile {
  const profiler = new SampleProfiler(options);
  for (const props of events) profiler.add(props);
  return profiler.finish();
}
