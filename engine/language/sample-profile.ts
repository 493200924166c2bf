// What the sample events say about each field: how many events have it, and its most
// frequent values with counts. Completion offers these names and values, hover shows
// them, and the `unknown-field` hint uses the names. Field names are the flattened
// dotted paths of SPEC §2.3, plus the unprefixed names that event_properties and
// user_properties make visible (SPEC §3) and the derived `referring_domain`; values
// are read through fieldAccessor, the one definition of field lookup.

import type { EventProps } from '../events/event';
import { fieldAccessor } from '../events/fields';

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
  maxValuesPerField?: number;
  maxDistinctPerField?: number;
  maxFields?: number;
}

const ALIAS_CONTAINERS = ['event_properties', 'user_properties'];

/** Field names an event has: every leaf path, the alias names, and `referring_domain` when derivable. */
export function fieldNamesOf(props: EventProps): string[] {
  const names = new Set<string>();
  const collect = (value: unknown, prefix: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (isLeaf(child)) names.add(name);
      else collect(child, name);
    }
  };
  collect(props, '');
  // The properties of event_properties and user_properties are visible without the prefix too (SPEC §3).
  for (const container of ALIAS_CONTAINERS) collect(props[container], '');
  if (names.has('referrer')) names.add('referring_domain');
  return [...names];
}

/** Arrays count as leaves (compared by their JSON text); objects are not fields. */
function isLeaf(value: unknown): boolean {
  return value === null || typeof value !== 'object' || Array.isArray(value);
}

/** Builds the profile incrementally: `add` each event, then `finish`. */
export class SampleProfiler {
  private events = 0;
  private readonly counts = new Map<string, { present: number; values: Map<string | null, number>; truncated: boolean }>();
  private readonly maxValues: number;
  private readonly maxDistinct: number;
  private readonly maxFields: number;

  constructor(options: ProfileOptions = {}) {
    this.maxValues = options.maxValuesPerField ?? 100;
    this.maxDistinct = options.maxDistinctPerField ?? 5000;
    this.maxFields = options.maxFields ?? 2000;
  }

  add(props: EventProps): void {
    this.events++;
    for (const name of fieldNamesOf(props)) {
      let entry = this.counts.get(name);
      if (entry === undefined) {
        if (this.counts.size >= this.maxFields) continue;
        entry = { present: 0, values: new Map(), truncated: false };
        this.counts.set(name, entry);
      }
      const value = fieldAccessor(name)(props);
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
