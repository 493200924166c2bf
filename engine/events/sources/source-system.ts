// What a source system is (SPEC §3.2): a declarative description of one analytics
// tool's export — where its records keep the user, the time, the event type and the
// session, which objects hold properties, and where the canonical fields rules use
// (utm_source, referrer, …) are. ../event-source compiles it, once per file, into
// the accessors of ../fields and ../event-meta: no system has a reader of its own.

import type { NumericTime } from '../event-time';

export const SOURCE_SYSTEM_IDS = ['plain', 'amplitude', 'ga4', 'segment', 'snowplow', 'mixpanel', 'posthog'] as const;
export type SourceSystemId = (typeof SOURCE_SYSTEM_IDS)[number];

/** The fields rules use that a system maps onto its own paths (SPEC §3.2). */
export const CANONICAL_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'referrer',
  'referring_domain',
  'gclid',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export interface SourceSystem {
  id: SourceSystemId;
  /** The name people know the export by ("GA4 BigQuery export"). */
  label: string;
  /**
   * Auto-detection (SPEC §3.2): the record is this system's when, for one of these
   * lists, every path is present. Systems are tried in SOURCE_SYSTEMS order.
   */
  detect: ReadonlyArray<readonly string[]>;
  /** Paths in order; the first present and not null is the value. */
  user: readonly string[];
  time: readonly string[];
  /** How a numeric time is read when the system fixes it; otherwise `--time-unit`. */
  timeUnit?: NumericTime;
  eventType: readonly string[];
  /** Empty: sessions come from the inactivity timeout. */
  session: readonly string[];
  /**
   * Plain events look their user, time, type and session up as fields (through the
   * containers, SPEC §3); a system's are exactly the paths above.
   */
  metaThroughContainers?: boolean;
  /** Objects whose keys are fields without their prefix, first wins. */
  containers: readonly string[];
  /**
   * The containers that the vendor documents as written as JSON text in some of its
   * exports (PostHog's batch export to Parquet: `properties` is "a JSON-encoded
   * string"): a string there holding a JSON object is read as that object, in every
   * format (../json-text-object). Only where the vendor's documentation says so.
   */
  jsonTextContainers?: readonly string[];
  /** GA4's arrays of `{key, value: {string_value, …}}` (SPEC §3.2). */
  keyValueArrays?: readonly string[];
  /** Paths of the canonical fields, in order (a "param X" of GA4 is `event_params.X`). */
  canonical: Readonly<Partial<Record<CanonicalField, readonly string[]>>>;
  /** The vendor's documentation of the export this follows. */
  docs: readonly string[];
}
