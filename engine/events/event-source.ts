// Whose export an events file is, and how its records are read (SPEC §3.2, §3.3):
// `--from` (or auto-detection from the first record), `--map NAME=PATH` and
// `--time-unit` become, once per file, an EventFields: the field lookup rules read
// and the metadata reader sessions and attribution read. Nothing here runs per event
// except the compiled accessors.
//
//   const fields = eventFieldsFor(firstRecord, { from: 'auto', map: [{ name: 'user', path: 'email' }] });
//   fields.meta.read(record); fields.lookup.accessor('utm_source')(record);

import type { EventProps, FieldAccessor } from './event';
import { compileEventMetaReader, type EventMetaReader, type EventMetaSpec } from './event-meta';
import { TIME_UNITS, type NumericTime, type TimeUnit } from './event-time';
import { FieldLookup, PLAIN_FIELDS, type FieldLayout } from './fields';
import { SOURCE_SYSTEMS, sourceSystem } from './sources/index';
import { CANONICAL_FIELDS, SOURCE_SYSTEM_IDS, type SourceSystem, type SourceSystemId } from './sources/source-system';

export { CANONICAL_FIELDS, SOURCE_SYSTEM_IDS, type SourceSystem, type SourceSystemId } from './sources/source-system';
export { SOURCE_SYSTEMS } from './sources/index';

export type EventSourceChoice = SourceSystemId | 'auto';
export const EVENT_SOURCE_CHOICES: readonly EventSourceChoice[] = ['auto', ...SOURCE_SYSTEM_IDS];

/** The metadata names `--map` accepts besides the canonical fields. */
export const META_NAMES = ['user', 'time', 'type', 'session'] as const;
type MetaName = (typeof META_NAMES)[number];
export const MAP_NAMES: readonly string[] = [...CANONICAL_FIELDS, ...META_NAMES];

/** One `--map NAME=PATH`. */
export interface FieldMapping {
  name: string;
  path: string;
}

export interface EventSourceOptions {
  /** Default `auto`. */
  from?: EventSourceChoice;
  /** In order; several paths for one name are tried in order. */
  map?: readonly FieldMapping[];
  /** How numeric times are read when the system does not fix it; default ms. */
  timeUnit?: TimeUnit;
}

/** A bad `--from`, `--map` or `--time-unit` (the CLI: exit 2 with this message). */
export class EventSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventSourceError';
  }
}

export function parseEventSourceChoice(text: string): EventSourceChoice {
  if ((EVENT_SOURCE_CHOICES as readonly string[]).includes(text)) return text as EventSourceChoice;
  throw new EventSourceError(`unknown event source "${text}" (expected ${EVENT_SOURCE_CHOICES.join(', ')})`);
}

export function parseTimeUnit(text: string): TimeUnit {
  if ((TIME_UNITS as readonly string[]).includes(text)) return text as TimeUnit;
  throw new EventSourceError(`unknown time unit "${text}" (expected ${TIME_UNITS.join(', ')})`);
}

/** `NAME=PATH`: NAME a canonical field or user, time, type, session; PATH a flattened path. */
export function parseFieldMapping(text: string): FieldMapping {
  const equals = text.indexOf('=');
  const name = equals < 0 ? text : text.slice(0, equals);
  const path = equals < 0 ? '' : text.slice(equals + 1);
  if (equals < 0 || !MAP_NAMES.includes(name)) {
    throw new EventSourceError(`bad mapping "${text}": expected NAME=PATH with NAME one of ${MAP_NAMES.join(', ')}`);
  }
  checkPath(text, path);
  return { name, path };
}

/** The editor's setting: an object NAME → PATH (or a list of paths). */
export function fieldMappingsOf(map: Readonly<Record<string, string | readonly string[]>>): FieldMapping[] {
  const mappings: FieldMapping[] = [];
  for (const [name, paths] of Object.entries(map)) {
    for (const path of typeof paths === 'string' ? [paths] : paths) mappings.push(parseFieldMapping(`${name}=${path}`));
  }
  return mappings;
}

function checkPath(text: string, path: string): void {
  if (path === '' || path.split('.').some((part) => part === '')) {
    throw new EventSourceError(`bad mapping "${text}": PATH must be a flattened field path such as context.traits.email`);
  }
}

/** SPEC §3.2's auto-detection from one record (the first that parses as an object). */
export function detectSourceSystem(props: EventProps): SourceSystem {
  for (const system of SOURCE_SYSTEMS) {
    if (system.detect.some((paths) => paths.every((path) => detectionLookup.path(path)(props) !== undefined))) return system;
  }
  return sourceSystem('plain');
}

/** Detection reads raw paths only. */
const detectionLookup = new FieldLookup({ containers: [] });

/** How one file's records are read: its system, the field lookup and the metadata reader. */
export interface EventFields {
  system: SourceSystem;
  /** True when `auto` chose the system. */
  detected: boolean;
  lookup: FieldLookup;
  meta: EventMetaReader;
  /** The metadata paths in use (for messages and the editor). */
  metaSpec: EventMetaSpec;
  /**
   * The record paths `meta` reads (FieldLookup.recordReads): with those of the run's
   * classifier and collectors, what a report reads of its records.
   */
  metaReads: readonly string[];
  /** The record that decided (`first`), kept for what is said once about it (./field-case); undefined when none did. */
  decidingRecord?: EventProps;
  /** A CSV's header names, when a CSV's first row decided (EventBatch.columns). */
  decidingColumns?: readonly string[];
}

/**
 * Resolves the options for a file whose first record (that parsed as an object) is
 * `first` (undefined: the file has none). Throws EventSourceError for a bad mapping.
 */
export function eventFieldsFor(first: EventProps | undefined, options: EventSourceOptions = {}, columns?: readonly string[]): EventFields {
  const choice = options.from ?? 'auto';
  const system = choice !== 'auto' ? sourceSystem(choice) : first === undefined ? sourceSystem('plain') : detectSourceSystem(first);
  const map = options.map ?? [];
  const lookup = lookupFor(system, map);
  const mapped = (name: MetaName): string[] | undefined => {
    const paths = map.filter((mapping) => mapping.name === name).map((mapping) => mapping.path);
    return paths.length === 0 ? undefined : paths;
  };
  const timePaths = mapped('time');
  const metaSpec: EventMetaSpec = {
    user: mapped('user') ?? system.user,
    time: timePaths ?? system.time,
    eventType: mapped('type') ?? system.eventType,
    session: mapped('session') ?? system.session,
    numericTime: numericTimeOf(system, options),
  };
  const viaFields = system.metaThroughContainers === true;
  const accessor = (path: string): FieldAccessor => (viaFields ? lookup.accessor(path) : lookup.path(path));
  const ownKeyFirst = (path: string): boolean => lookup.readsOwnKeyFirst(path, viaFields);
  const metaReads = new Set<string>();
  const meta = lookup.recordReads(metaReads, () => compileEventMetaReader(metaSpec, accessor, ownKeyFirst));
  return { system, detected: choice === 'auto', lookup, meta, metaSpec, metaReads: [...metaReads], ...(first === undefined ? {} : { decidingRecord: first }), ...(columns === undefined ? {} : { decidingColumns: columns }) };
}

/** How `system` reads a numeric time with `options`: a mapped time is the user's own field, and --time-unit applies to it. */
function numericTimeOf(system: SourceSystem, options: EventSourceOptions): NumericTime {
  const timeMapped = (options.map ?? []).some((mapping) => mapping.name === 'time');
  return !timeMapped && system.timeUnit !== undefined ? system.timeUnit : (options.timeUnit ?? 'ms');
}

/**
 * Whether a Parquet file's typed timestamps and dates are to be read as their ISO text
 * (engine/events/parquet-rows typedTimesAsText): when the run reads a numeric time in
 * a unit other than milliseconds, in which their epoch milliseconds would be rescaled.
 * `fields`: the run's, once decided; else `first` (the record that decides) decides.
 */
export function readsTypedTimesAsText(fields: EventFields | undefined, first: EventProps, options: EventSourceOptions = {}): boolean {
  if (fields !== undefined) return fields.metaSpec.numericTime !== 'ms';
  const choice = options.from ?? 'auto';
  return numericTimeOf(choice === 'auto' ? detectSourceSystem(first) : sourceSystem(choice), options) !== 'ms';
}

const lookups = new Map<string, FieldLookup>();
const LOOKUP_CACHE_LIMIT = 64;

/** One FieldLookup per system and mapping, so classifiers compiled for it are reused. */
function lookupFor(system: SourceSystem, map: readonly FieldMapping[]): FieldLookup {
  if (system.id === 'plain' && map.length === 0) return PLAIN_FIELDS;
  const key = JSON.stringify([system.id, map.map((mapping) => [mapping.name, mapping.path])]);
  let lookup = lookups.get(key);
  if (lookup === undefined) {
    if (lookups.size >= LOOKUP_CACHE_LIMIT) lookups.clear();
    lookup = new FieldLookup(layoutOf(system, map));
    lookups.set(key, lookup);
  }
  return lookup;
}

function layoutOf(system: SourceSystem, map: readonly FieldMapping[]): FieldLayout {
  const mapped: Record<string, readonly string[]> = { ...system.canonical };
  // Rules say `event_type`: it is the system's event type when the record has no such key.
  if (system.metaThroughContainers !== true) mapped.event_type = system.eventType;
  const overrides: Record<string, string[]> = {};
  for (const { name, path } of map) {
    const field = name === 'type' ? 'event_type' : name;
    if ((META_NAMES as readonly string[]).includes(field)) continue;
    (overrides[field] ??= []).push(path);
  }
  return {
    containers: system.containers,
    ...(system.keyValueArrays === undefined ? {} : { keyValueArrays: system.keyValueArrays }),
    ...(system.jsonTextContainers === undefined ? {} : { jsonTextContainers: system.jsonTextContainers }),
    mapped,
    overrides,
  };
}

/** "GA4 BigQuery export (detected)", "Segment (--from segment)". */
export function describeEventSource(fields: Pick<EventFields, 'system' | 'detected'>): string {
  return `${fields.system.label} (${fields.detected ? 'detected' : `--from ${fields.system.id}`})`;
}
