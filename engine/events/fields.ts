// Field lookup on an event (SPEC §2.3 "Fields", "Derived field", §3 aliases): the
// one definition used by the classifier, the event metadata (user, time, …), the
// preview and the tests.
//
// A field name is a flattened dotted path. Lookup order, first present wins:
//   1. the event itself: the literal key (`"a.b"`), else the nested path (`a` → `b`);
//   2. `event_properties`, then `user_properties`, looked up the same way;
//   3. for `referring_domain` only: derived from `referrer`.
// A key whose value is an object is not a field (it is "not present" and lookup goes
// on); a key with JSON null is present and wins, as SPEC §3 says.

import type { FieldValue } from '../semantics/value-test';
import type { EventProps, FieldAccessor } from './event';

// Lookups return `undefined` for "not present here" (which is also a missing field).

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The text of a JSON value compared as a string (SPEC §3): numbers in JavaScript's
 * canonical text, booleans, arrays as compact JSON, null as null; undefined for an
 * object (not a field) or anything else.
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
      if (Array.isArray(value)) return JSON.stringify(value);
      return undefined;
    default:
      return undefined;
  }
}

/** A JSON object that can hold fields (arrays and null cannot). */
function isContainer(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lookupPath(container: unknown, path: string, parts: readonly string[], from: number): FieldValue {
  if (!isContainer(container)) return undefined;
  const rest = from === 0 ? path : parts.slice(from).join('.');
  if (hasOwn.call(container, rest)) {
    const found = leafText(container[rest]);
    if (found !== undefined) return found;
  }
  // Try every split point: `a.b.c` may be {"a": {"b.c": …}} or {"a.b": {"c": …}} or {"a": {"b": {"c": …}}}.
  let head = '';
  for (let i = from; i < parts.length - 1; i++) {
    head = head === '' ? parts[i]! : `${head}.${parts[i]}`;
    if (hasOwn.call(container, head)) {
      const found = lookupPath(container[head], path, parts, i + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Lookup in one object (the event, or one of its alias containers). */
function directLookup(field: string): (object: Record<string, unknown>) => FieldValue {
  const parts = field.split('.');
  if (parts.length > 1) return (object) => lookupPath(object, field, parts, 0);
  if (field in Object.prototype) {
    return (object) => (hasOwn.call(object, field) ? leafText(object[field]) : undefined);
  }
  // Events are plain objects, so for a name that Object.prototype does not have,
  // `object[field]` is undefined exactly when there is no such own key. This is the
  // hot path of classification: a string value is returned without further checks.
  return (object) => {
    const value = object[field];
    return typeof value === 'string' ? value : leafText(value);
  };
}

/** The event itself first, then `event_properties`, then `user_properties` (SPEC §3). */
function aliasedLookup(field: string): (props: EventProps) => FieldValue {
  const direct = directLookup(field);
  return (props) => {
    const found = direct(props);
    if (found !== undefined) return found;
    const eventProperties = props.event_properties;
    if (isContainer(eventProperties)) {
      const viaEvent = direct(eventProperties);
      if (viaEvent !== undefined) return viaEvent;
    }
    const userProperties = props.user_properties;
    return isContainer(userProperties) ? direct(userProperties) : undefined;
  };
}

const accessorCache = new Map<string, FieldAccessor>();

/** The accessor for a field name; cached, since rules name few fields. */
export function fieldAccessor(field: string): FieldAccessor {
  let accessor = accessorCache.get(field);
  if (accessor === undefined) {
    accessor = makeAccessor(field);
    accessorCache.set(field, accessor);
  }
  return accessor;
}

function makeAccessor(field: string): FieldAccessor {
  const lookup = aliasedLookup(field);
  if (field !== 'referring_domain') return lookup;
  const referrer = aliasedLookup('referrer');
  return (props) => {
    const found = lookup(props);
    if (found !== undefined) return found;
    const url = referrer(props);
    return typeof url === 'string' ? referringDomain(url) : undefined;
  };
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
