// A sample as the language server holds it (./sample-store, ./sample-store.web).

import type { EventProps } from '../engine/events/event';
import type { SampleProfile } from '../engine/language/sample-profile';

/** Events kept in memory for counts; the profile still reads the whole file. */
export const MAX_SAMPLE_EVENTS = 200_000;

export interface LoadedSample {
  file: string;
  mtimeMs: number;
  events: EventProps[];
  /** Events read (may exceed events.length when capped). */
  eventCount: number;
  skipped: number;
  profile: SampleProfile;
}

