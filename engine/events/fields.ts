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

const ABSENT = Symbol('absent');
type Lookup = string | null | typeof ABSENT;

/** The text of a JSON value compared as a string (SPEC §3). Objects are not fields. */
export function leafText(value: unknown): Lookup {
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
      return ABSENT;
    default:
      return ABSENT;
  }
}

function lookupPath(container: unknown, path: string, parts: readonly string[], from: number): Lookup {
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return ABSENT;
  const object = container as Record<string, unknown>;
  const rest = from === 0 ? path : parts.slice(from).join('.');
  if (Object.prototype.hasOwnProperty.call(object, rest)) {
    const found = leafText(object[rest]);
    if (found !== ABSENT) return found;
  }
  // Try every split point: `a.b.c` may be {"a": {"b.c": …}} or {"a.b": {"c": …}} or {"a": {"b": {"c": …}}}.
  let head = '';
  for (let i = from; i < parts.length - 1; i++) {
    head = head === '' ? parts[i]! : `${head}.${parts[i]}`;
    if (Object.prototype.hasOwnProperty.call(object, head)) {
      const found = lookupPath(object[head], path, parts, i + 1);
      if (found !== ABSENT) return found;
    }
  }
  return ABSENT;
}

function directLookup(field: string): (props: EventProps) => Lookup {
  const parts = field.split('.');
  if (parts.length === 1) {
    return (props) => (Object.prototype.hasOwnProperty.call(props, field) ? leafText(props[field]) : ABSENT);
  }
  return (props) => lookupPath(props, field, parts, 0);
}

const ALIAS_CONTAINERS = ['event_properties', 'user_properties'] as const;

function aliasedLookup(field: string): (props: EventProps) => Lookup {
  const direct = directLookup(field);
  return (props) => {
    const found = direct(props);
    if (found !== ABSENT) return found;
    for (const container of ALIAS_CONTAINERS) {
      const nested = props[container];
      if (nested !== null && typeof nested === 'object') {
        const viaAlias = direct(nested as EventProps);
        if (viaAlias !== ABSENT) return viaAlias;
      }
    }
    return ABSENT;
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
  if (field !== 'referring_domain') {
    return (props) => {
      const found = lookup(props);
      return found === ABSENT ? undefined : found;
    };
  }
  const referrer = aliasedLookup('referrer');
  return (props) => {
    const found = lookup(props);
    if (found !== ABSENT) return found;
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
