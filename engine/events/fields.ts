// Field lookup on an event (SPEC §2.3 "Fields", "Derived field", §3 aliases, §3.2
// source systems, §3.3 your own mapping): the one definition used by the classifier,
// the event metadata (user, time, …), the preview and the tests.
//
// A field name is a flattened dotted path. A FieldLookup compiles, once per name, the
// lookup under one layout (plain events, or one source system's export with the
// user's `--map`). Lookup order, first present wins:
//   1. the event itself: the literal key (`"a.b"`), else the nested path (`a` → `b`);
//      in a key/value array (GA4's `event_params`), `event_params.<key>` is its entry;
//   2. a field the layout maps (canonical fields such as `utm_source`): its paths;
//   3. the property containers (`event_properties`, then `user_properties` for plain
//      events), each as the path `<container>.<field>` of step 1, so that a flattened
//      key `"event_properties.plan"` counts as the nested form does;
//   4. for `referring_domain` only: derived from `referrer`.
// A field the user maps (`--map`) is its paths and nothing else (then 4).
// A key whose value is an object is not a field (it is "not present" and lookup goes
// on); a key with JSON null is present and wins, as SPEC §3 says. A container the
// layout says may come as JSON text (FieldLayout.jsonTextContainers) is, when its value
// is a string holding a JSON object, that object at every step above (./json-text-object).

import type { FieldValue } from '../semantics/value-test';
import { JSON_NUMBER } from '../text/json-number';
import { compactJson } from './compact-json';
import type { EventProps, FieldAccessor } from './event';
import { memoJsonTextObject } from './json-text-object';

// Lookups return `undefined` for "not present here" (which is also a missing field).

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The text of a JSON value compared as a string (SPEC §3): numbers in JavaScript's
 * canonical text, booleans, arrays as compact JSON (at any depth: ./compact-json),
 * null as null; undefined for an object (not a field) or anything else.
 */
export function leafText(value: unknown): FieldValue {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return compactJson(value);
      return undefined;
    default:
      return undefined;
  }
}

/** A JSON object that can hold fields (arrays and null cannot). */
function isContainer(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A lookup in one object: the value, or undefined for "not present here". */
export type PathReader = (object: Record<string, unknown>) => FieldValue;

/** The object a JSON-text container's string holds (./json-text-object), undefined when none. */
type JsonTextReader = (text: string) => Record<string, unknown> | undefined;

/** The reader of each JSON-text container of a layout, by its flattened path. */
type JsonTextReaders = ReadonlyMap<string, JsonTextReader>;

const NO_JSON_TEXT: JsonTextReaders = new Map();

/** `value` as a lookup steps into it: the object its text holds when `read` is a JSON-text container's reader. */
function containerValue(value: unknown, read: JsonTextReader | undefined): unknown {
  return read !== undefined && typeof value === 'string' ? (read(value) ?? value) : value;
}

/**
 * `texts[i]`: the reader of the JSON-text container at the path's first i + 1 parts,
 * if it is one (a split of the path reaches it by the same parts whichever keys hold them).
 */
function lookupPath(
  container: unknown,
  suffixes: readonly string[],
  parts: readonly string[],
  from: number,
  texts?: readonly (JsonTextReader | undefined)[],
): FieldValue {
  if (!isContainer(container)) return undefined;
  const rest = suffixes[from]!;
  if (hasOwn.call(container, rest)) {
    const found = leafText(containerValue(container[rest], texts?.[parts.length - 1]));
    if (found !== undefined) return found;
  }
  // Try every split point: `a.b.c` may be {"a": {"b.c": …}} or {"a.b": {"c": …}} or {"a": {"b": {"c": …}}}.
  let head = '';
  for (let i = from; i < parts.length - 1; i++) {
    head = head === '' ? parts[i]! : `${head}.${parts[i]}`;
    if (hasOwn.call(container, head)) {
      const found = lookupPath(containerValue(container[head], texts?.[i]), suffixes, parts, i + 1, texts);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A name an object may have without owning it (`constructor`, `__proto__`, …). */
function inherited(name: string): boolean {
  return name in Object.prototype;
}

/**
 * The lookup of one flattened path in one object: the literal key first (`"a.b"`),
 * then every nested reading (`a` → `b`, …), shortest first key first. `jsonText`: the
 * layout's JSON-text containers, read as the objects their strings hold.
 */
function plainPathReader(path: string, jsonText: JsonTextReaders = NO_JSON_TEXT): PathReader {
  const parts = path.split('.');
  if (jsonText.size > 0) {
    const texts = parts.map((_, i) => jsonText.get(parts.slice(0, i + 1).join('.')));
    if (texts.some((read) => read !== undefined)) return jsonTextPathReader(path, parts, texts);
  }
  if (parts.length === 1) {
    if (inherited(path)) return (object) => (hasOwn.call(object, path) ? leafText(object[path]) : undefined);
    // Events are plain objects, so for a name that Object.prototype does not have,
    // `object[path]` is undefined exactly when there is no such own key. This is the
    // hot path of classification: a string value is returned without further checks.
    return (object) => {
      const value = object[path];
      return typeof value === 'string' ? value : leafText(value);
    };
  }
  if (parts.length === 2 && !inherited(path) && !inherited(parts[0]!) && !inherited(parts[1]!)) {
    // `container.key`, the usual shape of a property container's field: the same
    // lookup as the general case, without its loop.
    const [head, key] = parts as [string, string];
    return (object) => {
      const literal = object[path];
      if (literal !== undefined) {
        const found = leafText(literal);
        if (found !== undefined) return found;
      }
      const inner = object[head];
      if (!isContainer(inner)) return undefined;
      const value = inner[key];
      return value === undefined ? undefined : leafText(value);
    };
  }
  const suffixes = parts.map((_, i) => parts.slice(i).join('.'));
  return (object) => lookupPath(object, suffixes, parts, 0);
}

/**
 * plainPathReader's lookup of a path that a JSON-text container of the layout is on
 * (`texts`, as lookupPath takes them): `properties.utm_medium` of PostHog's batch export.
 */
function jsonTextPathReader(path: string, parts: readonly string[], texts: readonly (JsonTextReader | undefined)[]): PathReader {
  const [head, key] = parts as [string, string];
  if (parts.length === 2 && texts[1] === undefined && !inherited(path) && !inherited(head) && !inherited(key)) {
    // `container.key`, plainPathReader's fast path with the container's text read.
    const read = texts[0]!;
    return (object) => {
      const literal = object[path];
      if (literal !== undefined) {
        const found = leafText(literal);
        if (found !== undefined) return found;
      }
      const inner = containerValue(object[head], read);
      if (!isContainer(inner)) return undefined;
      const value = inner[key];
      return value === undefined ? undefined : leafText(value);
    };
  }
  const suffixes = parts.map((_, i) => parts.slice(i).join('.'));
  return (object) => lookupPath(object, suffixes, parts, 0, texts);
}

/**
 * The one value of a GA4 key/value entry's `value` record (SPEC §3.2): the first of
 * string_value, int_value, float_value, double_value that is set, as text; null when
 * none is. Integers keep their digits (BigQuery's JSON writes INT64 as a string);
 * floats are JavaScript's number text.
 */
export function keyValueText(value: unknown): FieldValue {
  if (!isContainer(value)) return null;
  const text = value.string_value;
  if (text !== undefined && text !== null) return leafText(text);
  const integer = value.int_value;
  if (integer !== undefined && integer !== null) return leafText(integer);
  for (const float of [value.float_value, value.double_value]) {
    if (float === undefined || float === null) continue;
    // A number written as a string is read as that number (`"2.50"` → 2.5); Number()
    // would also take `"0x10"` or `" 12 "` for one, which no JSON number is: kept as written.
    if (typeof float === 'string' && JSON_NUMBER.test(float) && Number.isFinite(Number(float))) return String(Number(float));
    return leafText(float);
  }
  return null;
}

/** The entry `key` of a key/value array (GA4's `event_params`), undefined when absent. */
function keyValueLookup(entries: unknown, key: string): FieldValue {
  if (!Array.isArray(entries)) return undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (isContainer(entry) && entry.key === key) return keyValueText(entry.value);
  }
  return undefined;
}

/**
 * How one system's records hold fields (SPEC §3, §3.2, §3.3): declarative, compiled
 * once into accessors by FieldLookup.
 */
export interface FieldLayout {
  /** Objects whose keys are also fields without the prefix; the first that has the key wins. */
  containers: readonly string[];
  /** Top-level arrays of `{key, value: {string_value, …}}` whose entries are the fields `<array>.<key>`. */
  keyValueArrays?: readonly string[];
  /**
   * Paths of a field the record does not have at its top level (the canonical fields
   * of §3.2, `event_type`): the first present and not null gives the value; when
   * none does but one is null, null; when all are missing, the containers are tried.
   */
  mapped?: Readonly<Record<string, readonly string[]>>;
  /** Paths that are the whole definition of a field (`--map`), read like `mapped`. */
  overrides?: Readonly<Record<string, readonly string[]>>;
  /**
   * Containers (their flattened paths) that may come as JSON text (PostHog's batch
   * export: SourceSystem.jsonTextContainers): a string there that holds a JSON object
   * is read as that object by every path through it (./json-text-object).
   */
  jsonTextContainers?: readonly string[];
}

/**
 * Field lookup under one layout: `accessor(field)` is what rules, previews and reports
 * read; `path(path)` reads one flattened path of the record and nothing else (the
 * system's user, time, … fields). Both are compiled once per name and cached.
 */
export class FieldLookup {
  private readonly accessors = new Map<string, FieldAccessor>();
  /** The record paths each compiled accessor reads (its own path, its mapped and container paths, …), by field. */
  private readonly accessorReads = new Map<string, readonly string[]>();
  private readonly paths = new Map<string, FieldAccessor>();
  /**
   * The sets of the recordings open (recordReads), innermost last. The lookup is shared
   * per source system in a process (./event-source), so what it has compiled is what
   * any run, hover or preview has read since; a run's own reads are recorded apart.
   */
  private readonly recordings: Set<string>[] = [];
  /** Per JSON-text container, its reader, shared by every path through it (one parse per record). */
  private readonly jsonTexts: JsonTextReaders;

  /** `generated: false` keeps every accessor as closures (tests hold the generated ones to them). */
  constructor(
    readonly layout: FieldLayout,
    private readonly options: { generated?: boolean } = {},
  ) {
    const containers = layout.jsonTextContainers ?? [];
    this.jsonTexts = containers.length === 0 ? NO_JSON_TEXT : new Map(containers.map((container) => [container, memoJsonTextObject()]));
  }

  accessor(field: string): FieldAccessor {
    let accessor = this.accessors.get(field);
    if (accessor === undefined) {
      const reads = new Set<string>();
      accessor = this.recordReads(reads, () => this.makeAccessor(field));
      this.accessors.set(field, accessor);
      this.accessorReads.set(field, [...reads]);
    } else if (this.recordings.length > 0) {
      this.noteReads(this.accessorReads.get(field)!);
    }
    return accessor;
  }

  /**
   * The record paths `accessor(field)` tries, in order: a `--map` override alone, else
   * the field itself, its mapped paths and `<container>.<field>` of each container (not
   * referring_domain's derivation from the referrer). Compiles and records nothing.
   */
  pathsOf(field: string): readonly string[] {
    const { overrides, mapped } = this.layout;
    const override = overrides !== undefined && hasOwn.call(overrides, field) ? overrides[field] : undefined;
    if (override !== undefined) return override;
    const mappedPaths = mapped !== undefined && hasOwn.call(mapped, field) ? mapped[field]! : [];
    return [field, ...mappedPaths, ...this.layout.containers.map((container) => `${container}.${field}`)];
  }

  path(path: string): FieldAccessor {
    let reader = this.paths.get(path);
    if (reader === undefined) {
      reader = this.makePathReader(path);
      this.paths.set(path, reader);
    }
    if (this.recordings.length > 0) this.noteReads([path]);
    return reader;
  }

  /**
   * Every path of the record a compiled accessor or path reader reads (fields and
   * their mapped, container and key/value paths), whoever compiled it: for a lookup
   * of one's own (../events/meta-only-keys compiles one reader on a new lookup). What
   * one run of a shared lookup reads is what it recorded (recordReads).
   */
  readPaths(): string[] {
    return [...this.paths.keys()];
  }

  /**
   * `compile()`, with the record paths read by every reader it is handed (by accessor,
   * path or firstOf, compiled then or before) added to `into`. A report records the
   * readers of its run (its metadata, classifier and collectors) before its first
   * record: ./parquet-projection then reads the Parquet columns those paths reach,
   * ../events/json-projection keeps the members they read. Not what readPaths() says:
   * once rules had read a BSON column, a later run whose rules no longer read it was
   * refused in the same process (the language server, the preview).
   */
  recordReads<T>(into: Set<string>, compile: () => T): T {
    this.recordings.push(into);
    try {
      return compile();
    } finally {
      this.recordings.pop();
    }
  }

  /** Adds `paths` to the recordings open. */
  private noteReads(paths: Iterable<string>): void {
    for (const path of paths) for (const recording of this.recordings) recording.add(path);
  }

  /**
   * Whether the reader of `name` (`accessor(name)` when `asField`, else `path(name)`)
   * gives `props[name]` whenever that is present and not null (the text of a number, a
   * string as it is): a top-level key that is read first (no dot, nothing inherited
   * from Object.prototype, no `--map` override). The metadata reader then takes a time
   * there as the number it is, or as the JSON projection's scanner parsed its string
   * (./event-meta), without the text.
   */
  readsOwnKeyFirst(name: string, asField: boolean): boolean {
    // A JSON-text container's string is not its value when it holds an object.
    if (name.includes('.') || inherited(name) || this.jsonTexts.has(name)) return false;
    return !asField || this.layout.overrides?.[name] === undefined;
  }

  /** The first of `paths` that is present and not null; null when one is null; else missing. */
  firstOf(paths: readonly string[]): FieldAccessor {
    const readers = paths.map((path) => this.path(path));
    if (readers.length === 1) return readers[0]!;
    return (props) => {
      let sawNull = false;
      for (const read of readers) {
        const value = read(props);
        if (value === null) sawNull = true;
        else if (value !== undefined) return value;
      }
      return sawNull ? null : undefined;
    };
  }

  /**
   * The object that `value`, found at the flattened `path` of a record, holds as JSON
   * text when `path` is a JSON-text container of the layout; else undefined. For those
   * that walk a record's leaves (../language/sample-profile).
   */
  jsonTextObject(path: string, value: unknown): Record<string, unknown> | undefined {
    const read = this.jsonTexts.get(path);
    return read !== undefined && typeof value === 'string' ? read(value) : undefined;
  }

  private makePathReader(path: string): FieldAccessor {
    const plain = plainPathReader(path, this.jsonTexts);
    const arrays = this.keyValueArraysOf(path);
    if (arrays.length === 0) return plain;
    const lookups = arrays.map((name) => [name, path.slice(name.length + 1)] as const);
    return (props) => {
      const found = plain(props);
      if (found !== undefined) return found;
      for (const [name, key] of lookups) {
        const entry = keyValueLookup(props[name], key);
        if (entry !== undefined) return entry;
      }
      return undefined;
    };
  }

  private makeAccessor(field: string): FieldAccessor {
    const lookup = this.baseAccessor(field);
    if (field !== 'referring_domain') return lookup;
    // Derived from the referrer when no path gives one (SPEC §2.3, §3.2 "(derived)").
    const referrer = this.accessor('referrer');
    return (props) => {
      const found = lookup(props);
      if (found !== undefined) return found;
      const url = referrer(props);
      return typeof url === 'string' ? referringDomain(url) : undefined;
    };
  }

  private baseAccessor(field: string): FieldAccessor {
    // Own keys only: a rule may test `constructor` or `__proto__`, which every object inherits.
    const { overrides, mapped: mappedFields } = this.layout;
    const override = overrides !== undefined && hasOwn.call(overrides, field) ? overrides[field] : undefined;
    if (override !== undefined) return this.firstOf(override);
    const mappedPaths = mappedFields !== undefined && hasOwn.call(mappedFields, field) ? mappedFields[field] : undefined;
    const containerPaths = this.layout.containers.map((container) => `${container}.${field}`);
    const generated =
      this.options.generated === false ? undefined : generatedAccessor(field, mappedPaths ?? [], containerPaths, (path) => this.pathKind(path), this.jsonTexts);
    if (generated !== undefined) {
      // Registered as read (readPaths), as the closures below would be.
      for (const path of [field, ...(mappedPaths ?? []), ...containerPaths]) this.path(path);
      return generated;
    }
    const own = this.path(field);
    const mapped = mappedPaths === undefined ? undefined : this.firstOf(mappedPaths);
    const containers = containerPaths.map((path) => this.path(path));
    return (props) => {
      const found = own(props);
      if (found !== undefined) return found;
      if (mapped !== undefined) {
        const value = mapped(props);
        if (value !== undefined) return value;
      }
      for (const container of containers) {
        const value = container(props);
        if (value !== undefined) return value;
      }
      return undefined;
    };
  }

  /** The layout's key/value arrays that `path` may be an entry of (`event_params.source`: event_params). */
  private keyValueArraysOf(path: string): string[] {
    return (this.layout.keyValueArrays ?? []).filter((name) => path.startsWith(`${name}.`));
  }

  /** How makePathReader reads `path`: as a plain path, or also as the entry of the one key/value array it starts with. */
  private pathKind(path: string): PathKind {
    const arrays = this.keyValueArraysOf(path);
    return arrays.length === 0 ? 'plain' : arrays.length === 1 && arrays[0] === path.split('.')[0] ? 'key-value' : 'other';
  }
}

// Accessors as generated JavaScript. A field's lookup through closures (the path
// readers above, one calling the next) costs most of an event's classification: every
// closure of a kind shares one call site and one keyed property load, which see every
// field name and every event shape and so stay megamorphic. One function per field,
// with its keys written as string literals, is a chain of named property loads, about
// 2.5× faster (docs/dev/benchmarks.md). Only keys made of [A-Za-z0-9_$-] are written into
// the source (nothing there can end a string literal), and only for the shapes
// plainPathReader has fast paths for (`key`, `container.key`, names Object.prototype does
// not have), and `array.key` of a key/value array (GA4's `event_params.source`: the plain
// path, then the array's entry); any other field keeps the closures. The generated code is plainPathReader's
// and baseAccessor's lookup order, step for step; test/events/fields.test.ts holds the two
// to agreeing on random events.

const LITERAL_KEY = /^[A-Za-z0-9_$-]+$/;

const literalKey = (key: string): boolean => LITERAL_KEY.test(key) && !inherited(key);

/** `key-value`: the path is `<array>.<key>` of a key/value array (GA4's `event_params`); `other`: neither. */
type PathKind = 'plain' | 'key-value' | 'other';

/**
 * Statements that set `v` to one path's value (undefined: not present), or undefined
 * when the path cannot be inlined. `jsonText`: the layout's JSON-text containers; a
 * `container.key` of one reads the container's text as jsonTextPathReader does (`t`
 * holds their readers), and a path that is one keeps the closures.
 */
function pathStatements(path: string, kind: PathKind, jsonText: JsonTextReaders): string[] | undefined {
  if (kind === 'other' || jsonText.has(path)) return undefined;
  const parts = path.split('.');
  if (kind === 'key-value') {
    // makePathReader: the path as a plain one, then the array's entry whose key is the rest.
    const plain = parts.length === 2 ? pathStatements(path, 'plain', jsonText) : undefined;
    return plain === undefined ? undefined : [...plain, `if (v === undefined) v = keyValueLookup(p["${parts[0]}"], "${parts[1]}");`];
  }
  if (parts.length === 1 && literalKey(path)) {
    return [`v = p["${path}"];`, `if (v !== undefined && typeof v !== 'string') v = leafText(v);`];
  }
  if (parts.length === 2 && literalKey(parts[0]!) && literalKey(parts[1]!)) {
    return [
      `v = p["${path}"];`,
      `if (v !== undefined && typeof v !== 'string') v = leafText(v);`,
      `if (v === undefined) {`,
      `  o = p["${parts[0]}"];`,
      ...(jsonText.has(parts[0]!) ? [`  if (typeof o === 'string') o = containerValue(o, t["${parts[0]}"]);`] : []),
      `  if (isContainer(o)) { v = o["${parts[1]}"]; if (v !== undefined && typeof v !== 'string') v = leafText(v); }`,
      `}`,
    ];
  }
  return undefined;
}

/**
 * baseAccessor's lookup (own path, then the mapped paths as firstOf, then the
 * containers) as one generated function, or undefined when a path cannot be inlined.
 */
function generatedAccessor(
  field: string,
  mappedPaths: readonly string[],
  containerPaths: readonly string[],
  kindOf: (path: string) => PathKind,
  jsonText: JsonTextReaders,
): FieldAccessor | undefined {
  const own = pathStatements(field, kindOf(field), jsonText);
  const mapped = mappedPaths.map((path) => pathStatements(path, kindOf(path), jsonText));
  const containers = containerPaths.map((path) => pathStatements(path, kindOf(path), jsonText));
  if (own === undefined || mapped.some((code) => code === undefined) || containers.some((code) => code === undefined)) return undefined;
  const lines = ['"use strict";', 'return function accessor(p) {', '  let v, o, n = false;', ...own, '  if (v !== undefined) return v;'];
  // firstOf: the first present and not null; null when none is but one is null.
  if (mapped.length === 1) lines.push(...mapped[0]!, '  if (v !== undefined) return v;');
  else if (mapped.length > 1) {
    for (const code of mapped) lines.push(...code!, '  if (v === null) n = true; else if (v !== undefined) return v;');
    lines.push('  if (n) return null;');
  }
  for (const code of containers) lines.push(...code!, '  if (v !== undefined) return v;');
  lines.push('  return undefined;', '};');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- only [A-Za-z0-9_$-] keys in the source (see above)
  const readers: Record<string, JsonTextReader> = Object.create(null) as Record<string, JsonTextReader>;
  for (const [container, read] of jsonText) readers[container] = read;
  return new Function('leafText', 'isContainer', 'keyValueLookup', 'containerValue', 't', lines.join('\n'))(
    leafText,
    isContainer,
    keyValueLookup,
    containerValue,
    readers,
  ) as FieldAccessor;
}

/** SPEC §3: plain events, whose `event_properties` and `user_properties` are containers. */
export const PLAIN_LAYOUT: FieldLayout = { containers: ['event_properties', 'user_properties'] };

/** Field lookup of plain events (SPEC §3). */
export const PLAIN_FIELDS = new FieldLookup(PLAIN_LAYOUT);

/** The accessor of a field of a plain event (SPEC §3); cached, since rules name few fields. */
export function fieldAccessor(field: string): FieldAccessor {
  return PLAIN_FIELDS.accessor(field);
}

// http(s)://host[:port] with a plain ASCII host whose last label is not numeric, no
// punycode label (`new URL` validates those) and a port below 10000 (it refuses ports
// above 65535): the WHATWG URL parser would return the same host lower-cased, so skip
// it (it is the hot path of every report). Anything else goes through `new URL`;
// test/events/fields.test.ts holds the two to agreeing on random URL-like strings.
const SIMPLE_HTTP_URL = /^[hH][tT][tT][pP][sS]?:\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::\d{0,4})?(?:[/?#]|$)/;
const NUMERIC_OR_HEX_LABEL = /(?:^|\.)(?:\d+|0[xX][0-9A-Fa-f]*)$/;
const PUNYCODE_LABEL = /(?:^|\.)[xX][nN]--/;

/** The host of a referrer URL, lower-cased, without a leading `www.`; undefined when not a URL. */
export function referringDomain(referrer: string): string | undefined {
  let host: string;
  const simple = SIMPLE_HTTP_URL.exec(referrer);
  if (simple !== null && !NUMERIC_OR_HEX_LABEL.test(simple[1]!) && !PUNYCODE_LABEL.test(simple[1]!)) {
    host = simple[1]!.toLowerCase();
  } else {
    let url: URL;
    try {
      url = new URL(referrer);
    } catch {
      return undefined;
    }
    host = url.hostname.toLowerCase();
  }
  if (host.startsWith('www.')) host = host.slice(4);
  return host === '' ? undefined : host;
}
