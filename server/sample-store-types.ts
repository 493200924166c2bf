// A sample as the language server holds it (./sample-store, ./sample-store.web).

import type { EventProps } from '../engine/events/event';
import type { SampleProfile } from '../engine/language/sample-profile';
import { EventSourceError, fieldMappingsOf, parseEventSourceChoice, parseTimeUnit, type EventFields, type EventSourceOptions } from '../engine/events/event-source';

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
  /** How its records are read: the source system (given or detected) and its lookup. */
  fields: EventFields;
}

/** The `channelRules.eventSource`, `fieldMap` and `timeUnit` settings as reading options, or what is wrong with them. */
export function eventSourceOptionsOf(settings: { eventSource: string; fieldMap: Record<string, string | string[]>; timeUnit: string }): EventSourceOptions | string {
  try {
    return {
      from: parseEventSourceChoice(settings.eventSource === '' ? 'auto' : settings.eventSource),
      map: fieldMappingsOf(settings.fieldMap),
      ...(settings.timeUnit === '' ? {} : { timeUnit: parseTimeUnit(settings.timeUnit) }),
    };
  } catch (error) {
    if (error instanceof EventSourceError) return error.message;
    throw error;
  }
}
