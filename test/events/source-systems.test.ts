// SPEC §3.2's two mapping tables, cell by cell, transcribed here from the SPEC (not
// from engine/events/sources/): for each system, its user, time, event type, session
// and property containers; for each canonical field, its paths in order. Each cell
// is checked through the public entry point, eventFieldsFor(record, { from }).

import { describe, expect, it } from 'vitest';
import type { EventMeta, EventProps } from '../../engine/events/event';
import { eventFieldsFor, type SourceSystemId } from '../../engine/events/event-source';

type System = Exclude<SourceSystemId, 'plain'>;
const SYSTEMS: System[] = ['amplitude', 'ga4', 'segment', 'snowplow', 'mixpanel', 'posthog'];

/** SPEC §3.2, first table. Times are given as the system writes 2024-01-01T10:00:00.123Z. */
const SYSTEM_TABLE: Record<
  System,
  { user: string[]; time: string[]; timeValue: unknown; type: string[]; session: string[]; containers: string[] }
> = {
  amplitude: {
    user: ['user_id', 'device_id'],
    time: ['event_time', 'client_event_time'],
    timeValue: '2024-01-01 10:00:00.123456',
    type: ['event_type'],
    session: ['session_id'],
    containers: ['event_properties', 'user_properties'],
  },
  ga4: {
    user: ['user_id', 'user_pseudo_id'],
    time: ['event_timestamp'],
    timeValue: '1704103200123456',
    type: ['event_name'],
    session: ['param ga_session_id'],
    containers: ['event_params', 'user_properties'],
  },
  segment: {
    user: ['userId', 'anonymousId'],
    time: ['timestamp'],
    timeValue: '2024-01-01T10:00:00.123Z',
    type: ['event', 'type'],
    session: [],
    containers: ['properties', 'context.traits'],
  },
  snowplow: {
    user: ['user_id', 'domain_userid'],
    time: ['derived_tstamp', 'collector_tstamp'],
    timeValue: '2024-01-01 10:00:00.123',
    type: ['event_name'],
    session: ['domain_sessionid'],
    containers: [],
  },
  mixpanel: {
    user: ['properties.$user_id', 'properties.distinct_id'],
    time: ['properties.time'],
    timeValue: 1704103200123,
    type: ['event'],
    session: [],
    containers: ['properties'],
  },
  posthog: {
    user: ['distinct_id'],
    time: ['timestamp'],
    timeValue: '2024-01-01T10:00:00.123456+00:00',
    type: ['event'],
    session: ['properties.$session_id'],
    containers: ['properties', 'person_properties'],
  },
};
const T_MS = Date.parse('2024-01-01T10:00:00.123Z');

/** SPEC §3.2, second table. `containers`: found through the property containers; `derived`: from referrer; `none`: not mapped. */
type Cell = string[] | 'containers' | 'derived' | 'none';
const CANONICAL_TABLE: Record<string, Record<System, Cell>> = {
  utm_source: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.manual_source', 'param source'],
    segment: ['context.campaign.source'],
    snowplow: ['mkt_source'],
    mixpanel: ['properties.utm_source'],
    posthog: ['properties.utm_source'],
  },
  utm_medium: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.manual_medium', 'param medium'],
    segment: ['context.campaign.medium'],
    snowplow: ['mkt_medium'],
    mixpanel: ['properties.utm_medium'],
    posthog: ['properties.utm_medium'],
  },
  utm_campaign: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.manual_campaign_name', 'param campaign'],
    segment: ['context.campaign.name'],
    snowplow: ['mkt_campaign'],
    mixpanel: ['properties.utm_campaign'],
    posthog: ['properties.utm_campaign'],
  },
  utm_term: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.manual_term', 'param term'],
    segment: ['context.campaign.term'],
    snowplow: ['mkt_term'],
    mixpanel: ['properties.utm_term'],
    posthog: ['properties.utm_term'],
  },
  utm_content: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.manual_content', 'param content'],
    segment: ['context.campaign.content'],
    snowplow: ['mkt_content'],
    mixpanel: ['properties.utm_content'],
    posthog: ['properties.utm_content'],
  },
  referrer: {
    amplitude: 'containers',
    ga4: ['param page_referrer'],
    segment: ['context.page.referrer'],
    snowplow: ['page_referrer'],
    mixpanel: ['properties.$referrer'],
    posthog: ['properties.$referrer'],
  },
  referring_domain: {
    amplitude: 'containers',
    ga4: 'derived',
    segment: 'derived',
    snowplow: ['refr_urlhost'],
    mixpanel: ['properties.$referring_domain'],
    posthog: ['properties.$referring_domain'],
  },
  gclid: {
    amplitude: 'containers',
    ga4: ['collected_traffic_source.gclid', 'param gclid'],
    segment: 'containers',
    snowplow: 'none',
    mixpanel: ['properties.gclid'],
    posthog: ['properties.gclid'],
  },
};

/** A GA4 key/value entry holding a string. */
const kv = (key: string, value: string | null) => ({ key, value: { string_value: value, int_value: null, float_value: null, double_value: null } });

/** Sets `path` (dotted; `param X` is a GA4 event parameter) in a copy of `record`. */
function withPath(record: EventProps, path: string, value: unknown): EventProps {
  const copy = structuredClone(record);
  if (path.startsWith('param ')) {
    const params = (copy.event_params ??= []) as unknown[];
    params.push(kv(path.slice(6), value as string | null));
    return copy;
  }
  const parts = path.split('.');
  // GA4's user_properties is a key/value array too.
  if (parts[0] === 'user_properties' && Array.isArray(copy.user_properties)) {
    (copy.user_properties as unknown[]).push(kv(parts.slice(1).join('.'), value as string | null));
    return copy;
  }
  let at = copy as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
  at[parts.at(-1)!] = value;
  return copy;
}

function withPaths(record: EventProps, entries: Array<[string, unknown]>): EventProps {
  return entries.reduce((acc, [path, value]) => withPath(acc, path, value), record);
}

/** The smallest record each system reads: its first user and time paths. */
function baseRecord(system: System): EventProps {
  const table = SYSTEM_TABLE[system];
  const base: EventProps = system === 'ga4' ? { user_properties: [] } : {};
  return withPaths(base, [
    [table.user[0]!, 'u1'],
    [table.time[0]!, table.timeValue],
  ]);
}

function field(system: System, record: EventProps, name: string) {
  return eventFieldsFor(record, { from: system }).lookup.accessor(name)(record);
}

function meta(system: System, record: EventProps): EventMeta | string {
  return eventFieldsFor(record, { from: system }).meta.read(record);
}

function metaOf(system: System, record: EventProps): EventMeta {
  const result = meta(system, record);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe.each(SYSTEMS)('SPEC §3.2 system table: %s', (system) => {
  const table = SYSTEM_TABLE[system];
  const strip = (record: EventProps, paths: string[]): EventProps => {
    const copy = structuredClone(record);
    for (const path of paths) {
      const parts = path.split('.');
      let at = copy as Record<string, unknown> | undefined;
      for (const part of parts.slice(0, -1)) at = at?.[part] as Record<string, unknown> | undefined;
      if (at !== undefined) delete at[parts.at(-1)!];
    }
    return copy;
  };

  it.each(table.user.map((path, i) => [path, i] as const))('user: %s', (path, i) => {
    const record = withPath(strip(baseRecord(system), table.user), path, `user-${i}`);
    expect(metaOf(system, record).user).toBe(`user-${i}`);
    // Earlier paths win; a null one gives way to the next.
    if (i > 0) {
      expect(metaOf(system, withPath(record, table.user[i - 1]!, 'earlier')).user).toBe('earlier');
      expect(metaOf(system, withPath(record, table.user[i - 1]!, null)).user).toBe(`user-${i}`);
    }
  });

  it('user: none of the paths is "no user", naming them', () => {
    const result = meta(system, strip(baseRecord(system), table.user));
    expect(result).toMatch(/^no user: /);
    for (const path of table.user) expect(result).toContain(path);
  });

  it.each(table.time.map((path, i) => [path, i] as const))('time: %s', (path, i) => {
    const record = withPath(strip(baseRecord(system), table.time), path, table.timeValue);
    expect(metaOf(system, record).time).toBe(T_MS);
    if (i > 0) expect(metaOf(system, withPath(record, table.time[i - 1]!, null)).time).toBe(T_MS);
  });

  it.each(table.type.map((path, i) => [path, i] as const))('event type: %s', (path, i) => {
    const record = withPath(baseRecord(system), path, `type-${i}`);
    expect(metaOf(system, record).eventType).toBe(`type-${i}`);
    // Rules see it as event_type.
    expect(field(system, record, 'event_type')).toBe(`type-${i}`);
    if (i > 0) expect(metaOf(system, withPath(record, table.type[i - 1]!, 'earlier')).eventType).toBe('earlier');
  });

  if (table.session.length === 0) {
    it('session: none (the timeout decides)', () => {
      const record = withPaths(baseRecord(system), [
        ['session_id', 's1'],
        ['properties.$session_id', 's2'],
      ]);
      expect(metaOf(system, record).sessionId).toBeUndefined();
      expect(metaOf(system, record).hasSessionId).toBe(false);
    });
  } else {
    it.each(table.session)('session: %s', (path) => {
      const record = withPath(baseRecord(system), path, 's-7');
      expect(metaOf(system, record)).toMatchObject({ sessionId: 's-7', hasSessionId: true });
      expect(metaOf(system, withPath(baseRecord(system), path, '-1'))).toMatchObject({ sessionId: undefined, hasSessionId: true });
    });
  }

  if (table.containers.length === 0) {
    it('property containers: none', () => {
      expect(field(system, withPath(baseRecord(system), 'properties.plan', 'pro'), 'plan')).toBeUndefined();
    });
  } else {
    it.each(table.containers.map((container, i) => [container, i] as const))('property container: %s', (container, i) => {
      const record = withPath(baseRecord(system), `${container}.plan`, `plan-${i}`);
      expect(field(system, record, 'plan')).toBe(`plan-${i}`);
      // The prefixed path stays a field.
      expect(field(system, record, `${container}.plan`)).toBe(`plan-${i}`);
      // The first container wins; a top-level key wins over all.
      if (i > 0) expect(field(system, withPath(record, `${table.containers[0]}.plan`, 'first'), 'plan')).toBe('first');
      expect(field(system, withPath(record, 'plan', 'top'), 'plan')).toBe('top');
    });
  }
});

describe.each(Object.keys(CANONICAL_TABLE))('SPEC §3.2 canonical field table: %s', (name) => {
  it.each(SYSTEMS)('%s', (system) => {
    const cell = CANONICAL_TABLE[name]![system];
    const base = baseRecord(system);
    const read = (record: EventProps) => field(system, record, name);
    if (cell === 'none') {
      expect(read(withPaths(base, [['properties.gclid', 'g'], ['mkt_clickid', 'g'], ['context.campaign.gclid', 'g']]))).toBeUndefined();
      // The raw field is still a field.
      expect(read(withPath(base, name, 'raw'))).toBe('raw');
      return;
    }
    if (cell === 'derived') {
      const referrer = CANONICAL_TABLE.referrer![system] as string[];
      expect(read(withPath(base, referrer[0]!, 'https://www.Example.com/x'))).toBe('example.com');
      expect(read(base)).toBeUndefined();
      return;
    }
    if (cell === 'containers') {
      const containers = SYSTEM_TABLE[system].containers;
      for (const container of containers) expect(read(withPath(base, `${container}.${name}`, `in-${container}`))).toBe(`in-${container}`);
      expect(read(withPaths(base, containers.map((container) => [`${container}.${name}`, `in-${container}`])))).toBe(`in-${containers[0]}`);
      return;
    }
    // Each path alone gives the value.
    for (const path of cell) expect(read(withPath(base, path, `via ${path}`))).toBe(`via ${path}`);
    // The first present and not null wins.
    const all = withPaths(base, cell.map((path) => [path, `via ${path}`]));
    expect(read(all)).toBe(`via ${cell[0]}`);
    for (let i = 1; i < cell.length; i++) {
      const earlierNull = withPaths(base, cell.map((path, j) => [path, j < i ? null : `via ${path}`]));
      expect(read(earlierNull)).toBe(`via ${cell[i]}`);
    }
    // None a string but one null: null. None present: missing.
    expect(read(withPath(base, cell.at(-1)!, null))).toBeNull();
    if (name !== 'referring_domain' || system !== 'snowplow') expect(read(base)).toBeUndefined();
    // Only mapped when the record has no top-level key of that name (even null).
    expect(read(withPath(all, name, 'top'))).toBe('top');
    expect(read(withPath(all, name, null))).toBeNull();
    // Every raw path stays a field of its own.
    for (const path of cell) {
      if (path.startsWith('param ')) expect(field(system, all, `event_params.${path.slice(6)}`)).toBe(`via ${path}`);
      else expect(field(system, all, path)).toBe(`via ${path}`);
    }
  });
});
