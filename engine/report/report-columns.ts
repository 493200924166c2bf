// What the report's stages (user timeline, sessions, channel counts, attribution) read
// of the events: columns only, no names.

export interface ReportColumns {
  count: number;
  /** Epoch milliseconds. */
  times: Float64Array;
  /** User number per event, below userCount. */
  userOf: Int32Array;
  /** Event type number per event; -1 when the event has no type. */
  typeOf: Int32Array;
  /** Session id number per event; -1 when the event has none. */
  sessionIdOf: Int32Array;
  /** Some event has a non-null session_id: sessions are (user, session_id). */
  anySessionId: boolean;
  userCount: number;
  typeCount: number;
}
