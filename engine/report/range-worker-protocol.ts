// Messages between ./threaded-report and its workers (./range-worker).

import type { CheckedRules } from '../check/checked-rules';
import type { EventSourceOptions } from '../events/event-source';
import type { RangeColumns } from './range-columns';
import type { UserRange } from './attribution';
import type { AttributionPart, PartSettings } from './attribution-part';
import type { UserTimeline } from './user-timeline';

/** `workerData` of each worker (or, for one started early, its first message): the same rules and settings the main thread reads with. */
export interface RangeWorkerSetup {
  /** The main thread's checked rules, compiled again by each worker (a compiled classifier cannot be sent). */
  rules: CheckedRules;
  report: boolean;
  against?: string;
  skippedLimit: number;
  /** Read NDJSON through engine/events/json-projection. */
  projection: boolean;
  /** `diff --events`: the head's rules, each event also classified by them (engine/diff/move-counter). */
  compare?: { headRules: CheckedRules; against?: string };
}

/** A range to read: bytes the main thread read (a gunzipped file, a zip entry), a file's own range, or a Parquet file's row group. */
export type RangeJob = BytesJob | FileRangeJob | ParquetGroupJob;

interface JobBase {
  id: number;
  /**
   * The source system as the main thread decided it (never `auto`): workers start
   * before it is known, while the main thread reads the first range.
   */
  eventFields: EventSourceOptions;
}

export interface BytesJob extends JobBase {
  kind: 'bytes';
  /** Whole lines (engine/events/line-ranges); transferred. */
  bytes: Uint8Array;
  /** The input's first range (a byte order mark may start it). */
  first: boolean;
  /** Where the range starts in its input, for messages that name byte offsets. */
  byteOffset: number;
}

/** The lines starting in [start, end) of an uncompressed NDJSON file (engine/events/file-line-ranges), read by the worker. */
export interface FileRangeJob extends JobBase {
  kind: 'file';
  path: string;
  /** The file's size when the run started (a file growing meanwhile is read as it was). */
  size: number;
  start: number;
  end: number;
  maxLineBytes: number;
  /** A last line surely longer than this many UTF-16 units is too long (engine/events/read-ranges MAX_RANGE_LINE_UNITS). */
  maxLineUnits: number;
}

/** Row group `group` (0-based) of a `.parquet` file, read by the worker; its rows are numbered in the whole file. */
export interface ParquetGroupJob extends JobBase {
  kind: 'parquet-group';
  path: string;
  group: number;
  /** The row that decided the source system (up to it rows are read whole: engine/events/parquet-rows). */
  decidedOn?: number;
}

/**
 * After the reading: attribute a range of the users (./attribution-part). The
 * timeline is in shared memory: nothing is copied.
 */
export interface AttributionJob {
  kind: 'attribution';
  id: number;
  timeline: UserTimeline;
  channelCount: number;
  settings: PartSettings;
  users: UserRange;
}

/** The setup of a worker started before its run (./early-range-workers): the first message it gets. */
export interface SetupJob {
  kind: 'setup';
  setup: RangeWorkerSetup;
}

export type WorkerJob = RangeJob | AttributionJob | SetupJob;

/** `fileError`: the error is an EventFileError (a damaged file), whose one line is the user's as it is. */
export type RangeReply = { id: number; columns: RangeColumns } | { id: number; part: AttributionPart } | { id: number; error: string; fileError?: boolean };

/** The typed arrays of a reply, moved rather than copied. */
export function transferList(columns: RangeColumns): ArrayBuffer[] {
  const { users } = columns;
  const arrays = [columns.lines, columns.times, columns.userOf, columns.typeOf, columns.sessionIdOf, columns.results, columns.patternOf, columns.theirsOf, users.bytes, users.ends];
  return arrays.filter((array) => array !== undefined).map((array) => array.buffer as ArrayBuffer);
}
