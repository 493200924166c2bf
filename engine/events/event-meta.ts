// What sessions and attribution need of an event (SPEC §3 table): its user, time,
// event type and session. Looked up with `fieldAccessor`, so the event_properties /
// user_properties aliases apply and numbers are their canonical text (12345 and
// "12345" are one user).

import type { FieldValue } from '../semantics/value-test';
import type { EventMeta, EventProps, FieldAccessor } from './event';
import { parseEventTime } from './event-time';
import { fieldAccessor } from './fields';

export const USER_FIELDS = ['user_id', 'device_id'] as const;
export const TIME_FIELDS = ['time', 'timestamp', 'event_time', 'client_event_time'] as const;
export const EVENT_TYPE_FIELDS = ['event_type', 'event'] as const;
export const SESSION_FIELD = 'session_id';
/** The `session_id` that means "outside any session" (number or string). */
export const NO_SESSION = '-1';

const userAccessors = USER_FIELDS.map(fieldAccessor);
const timeAccessors = TIME_FIELDS.map(fieldAccessor);
const eventTypeAccessors = EVENT_TYPE_FIELDS.map(fieldAccessor);
const sessionAccessor = fieldAccessor(SESSION_FIELD);

function firstNonNull(accessors: readonly FieldAccessor[], props: EventProps): FieldValue {
  for (const accessor of accessors) {
    const value = accessor(props);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

const NO_USER = `no user: ${USER_FIELDS.join(' and ')} are missing or null`;
const NO_TIME = `no time: ${TIME_FIELDS.join(', ')} are missing or null`;

/**
 * The event's metadata, or the reason it cannot be used (SPEC §3: no user, no
 * parsable time). The first non-null field of each list is the value; a time that
 * does not parse is not replaced by a later field.
 */
export function readEventMeta(props: EventProps): EventMeta | string {
  const user = firstNonNull(userAccessors, props);
  if (user === undefined || user === null) return NO_USER;
  const timeText = firstNonNull(timeAccessors, props);
  if (timeText === undefined || timeText === null) return NO_TIME;
  const time = parseEventTime(timeText);
  if (time === undefined) {
    return `unparsable time ${JSON.stringify(timeText)}: expected epoch milliseconds or YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]`;
  }
  const eventType = firstNonNull(eventTypeAccessors, props) ?? undefined;
  const session = sessionAccessor(props);
  const hasSessionId = session !== undefined && session !== null;
  const sessionId = hasSessionId && session !== NO_SESSION ? session : undefined;
  return { user, time, eventType, sessionId, hasSessionId };
}
