// The report on several threads (`--threads N`): the events file is cut into ranges of
// whole lines (engine/events/read-ranges), worker threads (./range-worker, bundled as
// dist/range-worker.js) parse and classify the ranges into compact columns
// (./range-columns), and this thread appends the columns in input order, exactly as
// ./run-report collects one event after another: strings interned in order of first
// appearance, lines shifted by the lines before, skipped lines in line order, the §9
// collectors fed in event order. So the report is the one-thread report, byte for byte.
//
// An uncompressed NDJSON file is cut at nominal byte offsets and each worker reads its
// ranges from the file itself (engine/events/file-line-ranges); for a `.gz` or a zip
// the main thread reads the bytes (and gunzips) and sends each range's bytes. `threads`
// counts this thread: it runs `threads - 1` workers, keeps each given two ranges (one
// to read, one waiting), and reads a range itself whenever they all have theirs (on 2
// cores, 1 worker and this thread took less time and CPU than 2 workers and this
// thread merging: docs/dev/benchmarks.md). This thread also reads the ranges up to the
// first record that decides the source system (SPEC §3.2, said once), and reads on its
// own what cannot be cut into lines (a JSON array, CSV: their reader's batches). A
// `.parquet` file is read by row groups, each by the thread it is given, from the file.
// Workers start only when there is a second range, so small files cost no thread.
// At most 4 × threads ranges are read and not yet merged: memory stays a few ranges, not the file.
// Once the reading is done, this thread builds the users' timeline in shared memory, the
// workers attribute ranges of its users, and this thread counts sessions and channels
// meanwhile (./build-report, ./attribution-part).
//
// One thread (`threads: 1`), standard input, text in memory, and the runs that need each
// event's record (classify's per-event callback, the HTML report's explorer) are
// ./run-report's as before.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CancelledError, createYielder, NEVER_CANCELLED } from '../cancellation';
import { OTHERWISE } from '../classify/classifier';
import type { SkippedLine } from '../events/event';
import { EventFileError, eventFileKindOf, splittableFile } from '../events/event-format';
import { eventFieldsFor, readsTypedTimesAsText, type EventFields } from '../events/event-source';
import { nominalRanges, openForRanges, RangeBuffer, readLinesStartingIn, type ReadAt } from '../events/file-line-ranges';
import { firstNonBlankIn, MAX_RANGE_LINE_BYTES, MAX_RANGE_LINE_UNITS, readEventRanges, type InputPiece } from '../events/read-ranges';
import { refuseWideUnicode, WIDE_MARK_BYTES } from '../events/wide-unicode';
import type { ReadProgress } from '../events/read-event-text';
import { asciiText } from '../events/ascii-text';
import { jsonProjection } from '../events/json-projection';
import { describeFsError, fileSize, type SkippedEntry } from '../events/read-events';
import { AgreementCollector } from './agreement';
import { resolveAgainstField } from './against-field';
import { classifierChannels } from './classifier-channels';
import { limitInliningForRangeReading } from './compile-budget';
import { DEFAULT_RANGE_SIZE, earlyRangeWorkerCount, startsWorkersAtOnce, takeEarlyRangeWorker } from './early-range-workers';
import { ALLOCATION_FAILED, outOfMemory, wasmMemoriesFit, workersThatFit } from '../address-space';
import { EventColumns, grow, newColumn, ReaderIds } from './event-columns';
import { rangeColumns, RangeNames, RangeReader, TOO_LONG_LINE, type RangeColumns } from './range-columns';
import type { AttributionJob, RangeJob, RangeReply, RangeWorkerSetup, SetupJob } from './range-worker-protocol';
import type { AttributionPart, PartSettings } from './attribution-part';
import type { UserRange } from './attribution';
import type { Classifier } from '../classify/classifier';
import type { MoveCounts } from '../diff/move-counter';
import type { UserTimeline } from './user-timeline';
import type { OtherThreads } from './build-report';
import { DEFAULT_SKIPPED_LIMIT, finishReport, runReport, type EventSource, type RunReportOptions, type RunReportResult } from './run-report';
import { UnassignedCollector } from './unassigned';

/** Rows per `onClassifiedRows` call (a 1 MB chunk holds a few thousand events). */
const ROWS_PER_BATCH = 4096;

export interface ThreadedReportOptions extends RunReportOptions {
  /** Worker threads; 1 (or less) reads on this thread alone. */
  threads: number;
  /** Bytes per range (tests make it small so that tiny files are cut). */
  rangeSize?: number;
  /** The worker's script; default dist/range-worker.js beside this bundle. */
  workerScript?: string;
  /** From this many events the workers attribute the users (tests make it small). */
  attributeElsewhereFrom?: number;
  /**
   * Whether the result gives each event's session number (`sessionOf`), as one thread
   * does; off by default: runs that need it (the HTML report) read on one thread.
   */
  numberSessions?: boolean;
  /**
   * `diff --events`: every event is classified by the head's rules too, and each
   * range's counts (engine/diff/move-counter) are handed to `onCompared` in input order
   * with the shift of its lines and its zip entry. Only where readsInRanges.
   */
  compare?: { head: Classifier; against?: string };
  onCompared?: (moves: MoveCounts, lineShift: number, entry: string | undefined) => void;
  /**
   * Read NDJSON ranges through the projection of the paths the run reads
   * (engine/events/json-projection); default true. False reads every range with
   * JSON.parse (tests and `npm run bench` compare the two).
   */
  projection?: boolean;
}

/**
 * Whether runReportThreaded reads `source` in ranges (else it is ./run-report): an
 * uncompressed, gzipped or zipped file that ranges can cut, on `threads` threads, one
 * of them this thread. Even on one thread, ranges are read through the JSON
 * projection (../events/json-projection), which ./run-report does not use.
 */
export function readsInRanges(source: EventSource, threads: number): source is Extract<EventSource, { path: string }> {
  return threads >= 1 && 'path' in source && splittableFile(source.path);
}

/** What `classify` prints of an event (SPEC §7.2): no record, so ranges need not send theirs. */
export interface ClassifiedRow {
  line: number;
  entry?: string;
  channel: string | null;
  rule: number | 'otherwise' | null;
}

/**
 * The same result as runReport; reads on `threads` worker threads where the input
 * allows it. `onClassifiedRows` is runReport's `onClassified` with only what `classify`
 * prints, in input order, and waited for in the same way.
 */
export async function runReportThreaded(options: ThreadedReportOptions & { onClassifiedRows?: (rows: ClassifiedRow[]) => unknown }): Promise<RunReportResult> {
  const { source, settings, onClassifiedRows } = options;
  // One of: a report, classify's rows, or diff's comparison.
  const modes = [settings, onClassifiedRows, options.compare].filter((mode) => mode !== undefined).length;
  if (options.compare !== undefined && (modes !== 1 || !readsInRanges(source, options.threads))) {
    throw new Error('runReportThreaded: `compare` needs an input read in ranges and no other output (readsInRanges)');
  }
  if (modes !== 1 || !readsInRanges(source, options.threads) || options.onClassified !== undefined || options.collectClassified === true) {
    return runReport(onClassifiedRows === undefined ? options : { ...options, onClassified: onClassifiedRows });
  }
  limitInliningForRangeReading();
  const threads = threadsWithin(options.threads - 1, options.workerScript ?? defaultWorkerScript());
  const projection = options.projection !== false && threads.projection;
  const token = options.token ?? NEVER_CANCELLED;
  const yielder = createYielder(token);
  const skippedLimit = options.skippedLimit ?? DEFAULT_SKIPPED_LIMIT;
  const channels = classifierChannels(options.classifier);
  // The columns and the channels in shared memory, which V8's collector counts apart:
  // fewer full collections (EventColumns' constructor).
  const columns = new EventColumns(true);
  let channelOf = newColumn(Int32Array, 1024, true);
  const skipped: SkippedLine[] = [];
  let skippedCount = 0;
  const skippedEntries: SkippedEntry[] = [];
  let progress: ReadProgress = { read: 0, total: 0 };
  let foreignRecords = 0;
  let unassigned: UnassignedCollector | undefined;
  let agreement: AgreementCollector | undefined;
  const reader = new RangeReader(options.classifier, {
    ...(options.eventFields === undefined ? {} : { eventFields: options.eventFields }),
    report: settings !== undefined,
    ...(options.against === undefined ? {} : { against: options.against }),
    skippedLimit,
    asciiText,
    ...(options.compare === undefined ? {} : { compare: options.compare }),
    ...(projection ? { projection: jsonProjection } : {}),
    // Users and session ids straight into the run's columns (their numbering does not
    // matter: ./event-columns), so this thread's names are not interned twice.
  }, new RangeNames({ users: columns.users, sessionIds: columns.sessionIds }));
  let events = 0;
  let fields: EventFields | undefined;
  /** The run's fields as callers see them: the foreign records of every thread's ranges, not this thread's alone. */
  const runFields = (own: EventFields): EventFields => ({
    ...own,
    // The reader's own members, but for its count of foreign records (a getter defined after the spread replaces it).
    meta: {
      ...own.meta,
      get foreignRecords() {
        return foreignRecords;
      },
    },
  });
  const decided = (): void => {
    if (fields !== undefined || reader.fields === undefined) return;
    fields = reader.fields;
    if (settings !== undefined) unassigned = new UnassignedCollector(options.classifier.rules.fields, fields.lookup);
    if (settings !== undefined && options.against !== undefined) agreement = new AgreementCollector(resolveAgainstField(options.against, fields.system.id), fields.lookup);
    options.onEventFields?.(runFields(fields));
  };
  const classifiedRows = (part: RangeColumns, shift: number): ClassifiedRow[] => {
    const rows: ClassifiedRow[] = [];
    const rules = options.classifier.rules.rules;
    for (let i = 0; i < part.count; i++) {
      const result = part.results[i]!;
      const line = part.lines[i]! + shift;
      const channel = options.classifier.channelOf(result);
      const rule = result >= 0 ? (rules[result]?.line ?? null) : result === OTHERWISE ? 'otherwise' : null;
      rows.push(entry === undefined ? { line, channel, rule } : { line, entry, channel, rule });
    }
    return rows;
  };
  const ruleName = (result: number): string | null => {
    if (result === OTHERWISE) return 'otherwise';
    const line = options.classifier.rules.rules[result]?.line;
    return line === undefined ? null : `${options.rulesName ?? 'rules'}:${line}`;
  };

  // In input order: what each piece gives, once it is read.
  // `ids`: the reader's (this thread's, or the worker's that read the range).
  // `settled`: read (here, or a worker has answered), so merging it does not wait.
  type Pending = { kind: 'input'; entry?: string } | { kind: 'too-long' } | { kind: 'columns'; columns: Promise<RangeColumns>; ids: ReaderIds; numbered: boolean; readTo?: number; settled: () => boolean };
  const here = (): boolean => true;
  /** A piece of the queue failed as it was merged (a damaged row group, a range a worker could not read): the pieces after it come after the damage. */
  let pieceFailed = false;
  const mainIds = new ReaderIds({ sharesNames: true });
  let entry: string | undefined;
  let lineBase = 0;
  const keepSkipped = (line: SkippedLine): void => {
    skippedCount++;
    if (skipped.length < skippedLimit) skipped.push(entry === undefined || line.entry !== undefined ? line : { ...line, entry });
  };
  const apply = async (pending: Pending): Promise<void> => {
    if (pending.kind === 'input') {
      entry = pending.entry;
      lineBase = 0;
      return;
    }
    if (pending.kind === 'too-long') {
      lineBase++;
      keepSkipped({ line: lineBase, reason: TOO_LONG_LINE });
      return;
    }
    let part: RangeColumns;
    try {
      part = await pending.columns;
    } catch (error) {
      pieceFailed = true;
      throw error;
    }
    if (pending.readTo !== undefined) {
      progress = { read: pending.readTo, total: progress.total };
      expectEvents(events + part.count, pending.readTo);
    }
    const shift = pending.numbered ? 0 : lineBase;
    appendRange(part, shift, pending.ids);
    if (part.moves !== undefined) options.onCompared?.(part.moves, shift, entry);
    if (!pending.numbered) lineBase += part.lineCount;
    if (onClassifiedRows !== undefined && part.count > 0) {
      // In batches of about a reading chunk's events, as one thread delivers them: a
      // slow consumer holds one such batch of output, not a whole range's.
      const rows = classifiedRows(part, shift);
      for (let start = 0; start < rows.length; start += ROWS_PER_BATCH) {
        const consumed = onClassifiedRows(rows.length <= ROWS_PER_BATCH ? rows : rows.slice(start, start + ROWS_PER_BATCH));
        if (consumed instanceof Promise) await consumed;
      }
    }
    options.onProgress?.({ phase: 'reading', read: progress.read, total: progress.total, events, skipped: skippedCount });
  };
  // A file read by byte offset has a known size: its event count is estimated from the
  // events per byte so far, 5 % over, so that the columns grow to about their final size
  // once instead of doubling (a doubling at 10M events holds 24 bytes an event twice).
  // From an eighth of the file on, the columns grow to the estimate at once: at most 8.4
  // times the events read (a dense eighth, then long lines), most of it never written.
  // At the last range the count is known: when its lines are shorter than those before,
  // it holds more events than estimated, and the columns grow to the count, not double.
  const expectEvents = (eventsSoFar: number, bytesSoFar: number): void => {
    if (eventsSoFar < 1000 || bytesSoFar <= 0) return;
    columns.expectedCount = bytesSoFar >= progress.total ? eventsSoFar : Math.ceil((eventsSoFar / bytesSoFar) * progress.total * 1.05);
    columns.expectedFirmly = bytesSoFar * FIRM_ESTIMATE_SHARE >= progress.total;
  };
  const appendRange = (part: RangeColumns, shift: number, ids: ReaderIds): void => {
    foreignRecords += part.foreignRecords;
    for (const line of part.skipped) {
      const at = line.line + shift;
      // The same objects as ./run-report's (key order too): unusable events name their entry before the reason.
      keepSkipped(line.unusable === true && entry !== undefined ? { line: at, entry, reason: line.reason } : { line: at, reason: line.reason });
    }
    // Counted above for those listed; the rest only counted.
    skippedCount += part.skippedCount - part.skipped.length;
    events += part.count;
    if (part.count === 0 || settings === undefined) return;
    const first = columns.append(part, shift, ids);
    if (columns.count > channelOf.length) channelOf = grow(channelOf, columns.times.length);
    mergeChannels(channelOf, first, part.results, channels.byResult, part.count);
    if (part.patternOf === undefined && (part.theirsOf === undefined || agreement === undefined)) return;
    recordSections(part, first, shift);
  };
  /** The §9 collectors fed with a range's events (a loop of its own: see mergeChannels). */
  const recordSections = (part: RangeColumns, first: number, shift: number): void => {
    // Every array in a local: a worker's columns arrive as a deserialised object, whose
    // property loads the compiler does not take out of the loop.
    const { count, results, lines, patternOf, patterns, theirsOf, theirs } = part;
    const merged = channelOf;
    // The run's number of each of the range's patterns, once its first event is recorded.
    const patternNumbers = new Int32Array(patterns?.length ?? 0).fill(-1);
    for (let i = 0; i < count; i++) {
      const pattern = patternOf?.[i] ?? -1;
      if (pattern >= 0) {
        const number = patternNumbers[pattern]!;
        if (number >= 0) unassigned!.recordPatternNumber(first + i, number);
        else patternNumbers[pattern] = unassigned!.recordPattern(first + i, patterns![pattern]!, lines[i]! + shift, entry);
      }
      if (theirsOf !== undefined && agreement !== undefined) {
        const value = theirsOf[i]!;
        if (value >= 0) {
          const result = results[i]!;
          agreement.recordValue(theirs![value]!, merged[first + i]!, lines[i]! + shift, () => ruleName(result), entry);
        }
      }
    }
  };

  // This thread reads too (when the workers are busy), so `threads` threads need one worker fewer.
  const pool = new RangeWorkers({ ...options, projection }, skippedLimit, threads.workers);
  const queue: Pending[] = [];
  let mainFile: { readAt: ReadAt; close: () => void } | undefined;
  // The ranges this thread reads from the file are read into one buffer: each is read (below) before the next.
  const mainBuffer = new RangeBuffer();
  /** The Parquet row group this thread is reading, while it dispatches the next ones. */
  let mainGroup: Promise<void> | undefined;
  // The Parquet row that decided the source system (engine/events/parquet-rows decidedOn).
  let parquetDecidedOn: number | undefined;
  try {
    try {
      // A file of more than one range (or a compressed one that may expand to more) gets its workers at once.
      const size = await fileSize(source.path);
      const rangeSize = options.rangeSize ?? DEFAULT_RANGE_SIZE;
      if (startsWorkersAtOnce(source.path, size, rangeSize)) pool.warm();
      // An uncompressed NDJSON file is read by byte offset, each range by the thread that
      // parses it; anything else streams through this thread (./read-ranges).
      const byOffset = readableByOffset(source.path, size);
      if (byOffset) refuseWideUnicodeFile(source.path, size);
      if (byOffset) progress = { read: 0, total: size };
      const pieces: AsyncIterable<InputPiece | FileRangePiece> = byOffset
        ? fileRangePieces(size, rangeSize, options.threads)
        : readEventRanges(source.path, {
            rangeSize,
            onProgress: (read) => (progress = read),
            onSkippedEntry: (skippedEntry) => skippedEntries.push(skippedEntry),
            ...(options.maxEntrySize === undefined ? {} : { maxEntrySize: options.maxEntrySize }),
            // A Parquet file in a zip or gzipped: read here, its typed times as run-report reads them.
            parquetTypedTimesAsText: (first) => readsTypedTimesAsText(reader.fields, first, options.eventFields),
          });
      for await (const piece of pieces) {
        if (token.isCancellationRequested) throw new CancelledError();
        if (piece.kind === 'input') {
          queue.push(piece.entry === undefined ? { kind: 'input' } : { kind: 'input', entry: piece.entry });
        } else if (piece.kind === 'file-range') {
          const range = { path: source.path, size, start: piece.start, end: piece.end };
          let lines: ReturnType<typeof readLinesStartingIn> | undefined;
          if (fields === undefined && pool.started > 0 && pool.hasRoom()) {
            // The range's first record decides the source system: then the range goes to a
            // worker as it starts (one started for a file of several ranges), and this
            // thread reads the next one while it does.
            mainFile ??= openFile(source.path, size);
            lines = readLinesStartingIn(mainFile.readAt, size, range.start, range.end, MAX_RANGE_LINE_BYTES, mainBuffer, MAX_RANGE_LINE_UNITS);
            reader.decideOnFirstRecord(lines.bytes, lines.first);
            decided();
          }
          if (fields !== undefined && pool.hasRoom()) {
            queue.push({ kind: 'columns', ...pool.readFile(range, fields), numbered: false, readTo: range.end });
          } else {
            // Until a record decides the source system, and while every worker has its
            // ranges, ranges are read here.
            mainFile ??= openFile(source.path, size);
            lines ??= readLinesStartingIn(mainFile.readAt, size, range.start, range.end, MAX_RANGE_LINE_BYTES, reader.rangeStorage(mainBuffer), MAX_RANGE_LINE_UNITS);
            queue.push({ kind: 'columns', columns: Promise.resolve(reader.readRange(lines.bytes, lines.first, lines.byteOffset, lines.tooLongAfter)), ids: mainIds, numbered: false, readTo: range.end, settled: here });
            decided();
            await answers();
          }
        } else if (piece.kind === 'too-long') {
          queue.push({ kind: 'too-long' });
        } else if (piece.kind === 'batch') {
          queue.push({ kind: 'columns', columns: Promise.resolve(reader.readBatch(piece.batch, 0)), ids: mainIds, numbered: true, settled: here });
          decided();
        } else if (piece.kind === 'parquet-group') {
          // A Parquet file's row groups: each read from the file by the thread given it, rows
          // numbered in the whole file; a file of one range or less costs no thread.
          if (progress.total === 0) progress = { read: 0, total: size };
          // The first row decides the source system before any group is read, so that
          // the workers need not wait for this thread to read the first group whole.
          if (fields === undefined) {
            parquetDecidedOn = await reader.decideOnParquetHead(source.path);
            decided();
          }
          // A row group is about a hundred thousand rows: a worker is given one at a time,
          // and this thread reads one while it dispatches, so that no thread waits for a
          // group queued behind another. The group goes to the first thread free.
          const onThreads = fields !== undefined && size > rangeSize;
          while (onThreads && mainGroup !== undefined && !pool.hasRoom(1)) {
            await Promise.race([mainGroup, ...queue.flatMap((pending) => (pending.kind === 'columns' && !pending.settled() ? [pending.columns] : []))]).catch(() => undefined);
          }
          if (onThreads && pool.hasRoom(1)) {
            queue.push({ kind: 'columns', ...pool.readParquetGroup({ path: source.path, group: piece.group, ...(parquetDecidedOn === undefined ? {} : { decidedOn: parquetDecidedOn }) }, fields!), numbered: true, readTo: piece.end });
          } else {
            // Read here, between batches giving the workers' answers a turn (answers()).
            let done = false;
            const part = reader.readParquetGroup(source.path, piece.group, parquetDecidedOn, onThreads ? answers : undefined);
            // Settled either way: a failure is the queue's to report (apply).
            const settle = (): void => {
              done = true;
              mainGroup = undefined;
            };
            mainGroup = part.then(settle, settle);
            queue.push({ kind: 'columns', columns: part, ids: mainIds, numbered: true, readTo: piece.end, settled: () => done });
            if (!onThreads) await mainGroup;
            decided();
          }
        } else if (fields !== undefined && piece.bytes.length * WORKER_PIECE_SHARE >= rangeSize && pool.hasRoom()) {
          queue.push({ kind: 'columns', ...pool.read(piece, fields), numbered: false });
        } else {
          // As for a file's ranges: here until the source system is known, while the workers
          // are busy, and when the piece is too small to be worth a message.
          queue.push({ kind: 'columns', columns: Promise.resolve(reader.readRange(piece.bytes, piece.first, piece.byteOffset)), ids: mainIds, numbered: false, settled: here });
          decided();
          await answers();
        }
        // Merge what is read, in input order, once the workers have their ranges (a worker
        // left without one waited while this thread merged, up to 15 ms at a time on two
        // threads): not now if the next piece of lines may go to a worker that can take it.
        // Pieces that no worker takes (a JSON array's or CSV's batches, lines before the
        // source system is known) and a failed pool do not hold the merging back. Wait only
        // when too much is in flight.
        const workerWaits = fields !== undefined && (piece.kind === 'file-range' || piece.kind === 'lines') && pool.takesRange();
        if (!workerWaits) while (queue.length > 0 && (queue[0]!.kind !== 'columns' || queue[0]!.settled())) await apply(queue.shift()!);
        while (queue.length > MERGE_BEHIND_PER_THREAD * options.threads) await apply(queue.shift()!);
      }
      while (queue.length > 0) await apply(queue.shift()!);
    } catch (error) {
      // A damaged container stops the run: as on one thread, `classify` has printed the
      // events before the damage, so what was read before it is delivered first (the
      // queue, when the reading failed; nothing more, when a piece of it failed).
      if (onClassifiedRows !== undefined && !pieceFailed) {
        try {
          while (queue.length > 0) await apply(queue.shift()!);
        } catch {
          // The first error is the one to report.
        }
      }
      throw error;
    } finally {
      // Settle what is still in flight (after an error) before the workers end.
      for (const pending of queue) if (pending.kind === 'columns') pending.columns.catch(() => undefined);
      mainFile?.close();
    }

    if (fields === undefined) {
      // No record parsed as an object: as ./run-report, the options alone decide.
      reader.decide(eventFieldsFor(undefined, options.eventFields));
      decided();
    }
    const eventFields = runFields(fields!);
    const result: RunReportResult = { events, skipped, skippedCount, skippedEntries, channelNames: channels.names, eventFields };
    if (settings === undefined) return result;
    options.onProgress?.({ phase: 'report', read: progress.read, total: progress.total, events, skipped: skippedCount });
    // The workers that read attribute the users too, when there are enough events for it to pay.
    const others = pool.started > 0 && events >= (options.attributeElsewhereFrom ?? ATTRIBUTE_ELSEWHERE_FROM) ? pool.otherThreads() : undefined;
    // Workers with nothing to attribute end now, and their names with them.
    if (others === undefined) await pool.close();
    const built = await finishReport(
      { columns, channelOf: channelOf.subarray(0, events), channelNames: channels.names, skippedCount, agreement, unassigned: unassigned! },
      settings,
      options,
      yielder,
      others,
      options.numberSessions === true,
    );
    result.report = built.report;
    result.sessionOf = built.sessionOf;
    return result;
  } finally {
    // After an error, or once the report is counted (the workers may attribute some of its users).
    await pool.close();
  }
}

/**
 * merged[first + i] = byResult[results[i] + 2] for i < count: a range's channels. A
 * function of its own, as the §9 loop (recordSections): as a loop in appendRange, it was
 * entered in optimised code on the stack once per range, and that code met the rest of
 * appendRange (the §9 loop's arrays) with a hidden class it had not seen and was thrown
 * away, range after range (14 times in a 1M-event run on two threads, `--trace-deopt`).
 */
function mergeChannels(merged: Int32Array, first: number, results: Int32Array, byResult: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) merged[first + i] = byResult[results[i]! + 2]!;
}

/**
 * A piece of less than 1 / this of a range (64 KiB of the default 4 MiB: a zip's small
 * entries) is read on this thread: a message to a worker and its answer cost more than
 * reading it (a zip of 10,000 one-event entries took more CPU on two threads than on one).
 */
const WORKER_PIECE_SHARE = 64;

/** The columns grow to the estimated event count at once from 1 / this of the file read (expectEvents). */
const FIRM_ESTIMATE_SHARE = 8;

/** Fewer events than this are counted on this thread alone: a worker's message would cost more than it saves. */
const ATTRIBUTE_ELSEWHERE_FROM = 50_000;

/** A nominal range of an uncompressed file (engine/events/file-line-ranges). */
interface FileRangePiece {
  kind: 'file-range';
  start: number;
  end: number;
}

/** At most this many ranges per file: each costs a message (a tiny `rangeSize` on a large file must not cost millions). */
const MAX_FILE_RANGES = 4096;

/**
 * The last ranges of a file are cut this many times shorter, over as many bytes as the
 * threads have ranges in flight: at the end, the threads wait for the last ones read
 * (the main thread for a worker's two, a worker for nothing), and a shorter last range is
 * a shorter wait.
 */
const TAIL_DIVISOR = 4;

async function* fileRangePieces(size: number, rangeSize: number, threads: number): AsyncGenerator<InputPiece | FileRangePiece> {
  yield { kind: 'input' };
  const nominal = Math.max(rangeSize, Math.ceil(size / MAX_FILE_RANGES));
  const tail = { bytes: (threads - 1) * IN_FLIGHT_PER_WORKER * nominal + nominal, rangeSize: Math.max(1, Math.ceil(nominal / TAIL_DIVISOR)) };
  for (const range of nominalRanges(size, nominal, threads > 1 ? tail : undefined)) yield { kind: 'file-range', ...range };
}

/** Bytes read at a time past a `.json` file's first 64 while they are all blank. */
const BLANK_SCAN_BLOCK = 1 << 16;

/** ../events/wide-unicode's refusal of a UTF-16 or UTF-32 file, for a file read by byte offset (not through ../events/read-ranges). */
function refuseWideUnicodeFile(filePath: string, size: number): void {
  const file = openFile(filePath, size);
  try {
    const head = new Uint8Array(Math.min(WIDE_MARK_BYTES, size));
    const read = head.length === 0 ? 0 : file.readAt(head, 0);
    refuseWideUnicode(head.subarray(0, read), filePath, 'ndjson');
  } finally {
    file.close();
  }
}

/** An uncompressed file of NDJSON lines (`.ndjson`, `.jsonl`, or a `.json` whose first non-blank byte is `{`, as ../events/read-event-text decides). */
function readableByOffset(filePath: string, size: number): boolean {
  const kind = eventFileKindOf(filePath);
  if (kind === undefined || kind.kind !== 'records' || kind.gzip) return false;
  if (kind.format === 'ndjson') return true;
  if (kind.format !== 'json') return false;
  const file = openFile(filePath, size);
  try {
    // Blank prefixes are rare and short: the first 64 bytes, then on as long as all seen
    // is blank, a block at a time (a file of whitespace is scanned once, in bounded memory).
    let block = new Uint8Array(Math.min(64, size));
    for (let position = 0; position < size; ) {
      const read = file.readAt(block, position);
      if (read === 0) break;
      const byte = firstNonBlankIn(block.subarray(0, read), position + read >= size, position === 0);
      if (byte !== undefined) return byte === 0x7b;
      position += read;
      if (block.length < BLANK_SCAN_BLOCK) block = new Uint8Array(BLANK_SCAN_BLOCK);
    }
    return false;
  } finally {
    file.close();
  }
}

/** ../events/file-line-ranges' file of `size` bytes, its failures one EventFileError line. */
function openFile(filePath: string, size: number): { readAt: ReadAt; close: () => void } {
  const failed = (error: unknown): never => {
    // A file that shrank while it was read says so itself (../events/file-shrank).
    if (error instanceof EventFileError) throw error;
    throw new EventFileError(`${filePath}: cannot read the events file (${describeFsError(error)})`);
  };
  try {
    const file = openForRanges(filePath, size);
    return {
      readAt: (into, position) => {
        try {
          return file.readAt(into, position);
        } catch (error) {
          return failed(error);
        }
      },
      close: file.close,
    };
  } catch (error) {
    return failed(error);
  }
}

/** Why a reading thread stopped the run: out of memory said as the CLI says it (../address-space), else its error. */
function threadFailure(error: string): string {
  return error === ALLOCATION_FAILED ? outOfMemory('a reading thread') : `a reading thread failed: ${error}`;
}

/**
 * The threads a run may have within the process's address-space limit
 * (../address-space): of `wanted` workers, those that fit (the ones started early count
 * as there, but as not in the process's size yet, and the others as started now); and
 * whether the JSON projection's WebAssembly memory, one per thread, fits beside them,
 * decided once for all the threads. A run with fewer workers reads more on this thread,
 * and one without the projection reads with JSON.parse: the same report.
 */
function threadsWithin(wanted: number, script: string): { workers: number; projection: boolean } {
  const early = Math.min(wanted, earlyRangeWorkerCount(script));
  const workers = early + workersThatFit(wanted - early, early);
  return { workers, projection: wasmMemoriesFit(1 + workers, workers - early, early) };
}

/**
 * dist/range-worker.js: beside this code in a bundle (dist/cli-report.js, the installed
 * package); from the sources (tests running the commands in-process), the built one.
 */
function defaultWorkerScript(): string {
  const beside = path.join(__dirname, 'range-worker.js');
  if (existsSync(beside)) return beside;
  const built = path.join(__dirname, '..', '..', 'dist', 'range-worker.js');
  return existsSync(built) ? built : beside;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A worker, its ranges in flight, and its ids' translation (its ranges are merged in the order it read them). */
interface WorkerSlot {
  worker: Worker;
  busy: number;
  ids: ReaderIds;
}

/** A range sent to a worker: its columns to come, and the worker's ids. */
interface SentRange {
  columns: Promise<RangeColumns>;
  ids: ReaderIds;
  /** The worker has answered (its columns are there). */
  settled: () => boolean;
}

/** A worker's answer other than an error: a range's columns, or the credits of a range of the users. */
type WorkerAnswer = Exclude<RangeReply, { error: string }>;

/** Ranges given to one worker at a time: one it reads, one waiting, so it never waits for this thread. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * Ranges read and not yet merged, per thread. This thread merges in input order: with
 * room for 2 per thread it waited for a worker's range about 100 ms of a 1M-event run on
 * 2 threads (a worker's first ranges, not yet optimised, are slow); with room for 4 it
 * reads ranges of its own instead. A range's columns are about 30 bytes an event: a
 * few MB in all.
 */
const MERGE_BEHIND_PER_THREAD = 4;

/**
 * `promise`, handled from the start: a range can fail while the ranges before it are
 * still being read, and its rejection waits in the queue until they are merged; unhandled
 * for an event loop turn, it was the process's unhandledRejection (the CLI's crash, with
 * a stack trace, not its one line). Merging it still throws the error.
 */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Lets the workers' answers in (this thread reads synchronously; their messages are events). */
function answers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Worker threads started as ranges come (up to `threads`), each given the next range when it has the fewest. */
class RangeWorkers {
  private readonly workers: WorkerSlot[] = [];
  private readonly waiting = new Map<number, { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  /** close() was called: a worker's exit is expected. */
  private closing = false;

  constructor(
    private readonly options: ThreadedReportOptions,
    private readonly skippedLimit: number,
    /** At most this many workers. */
    private readonly size: number,
  ) {}

  /** Workers running. */
  get started(): number {
    return this.workers.length;
  }

  /** The running workers as the report's other threads (./build-report), a range of the users each. */
  otherThreads(): OtherThreads {
    let next = 0;
    return { threads: this.workers.length, attribute: (timeline, channelCount, settings, users) => this.attribute(this.workers[next++]!, timeline, channelCount, settings, users) };
  }

  /** Attribution of the users in `users` on the worker of `slot`, from the timeline in shared memory. */
  private attribute(slot: WorkerSlot, timeline: UserTimeline, channelCount: number, settings: PartSettings, users: UserRange): Promise<AttributionPart> {
    if (this.failure !== undefined) return handledLater(Promise.reject(this.failure));
    const id = this.nextId++;
    const job: AttributionJob = { kind: 'attribution', id, timeline, channelCount, settings, users };
    const answer = new Promise<AttributionPart>((resolve, reject) =>
      this.waiting.set(id, { resolve: (reply) => ('part' in reply ? resolve(reply.part) : reject(this.fail('a reading thread answered the attribution with a range'))), reject }),
    );
    slot.worker.postMessage(job);
    return answer;
  }

  /** Starts the workers now (they load and compile the rules while this thread reads the first range). */
  warm(): void {
    while (this.workers.length < this.size) this.start();
  }

  /**
   * Whether a worker can take a range now: one running and one waiting each, so none
   * idles while this thread reads one (`inFlight`: fewer, for pieces so large that one
   * waiting at the end would leave this thread idle).
   */
  hasRoom(inFlight = IN_FLIGHT_PER_WORKER): boolean {
    return this.failure !== undefined || this.workers.length < this.size || this.workers.some((slot) => slot.busy < inFlight);
  }

  /** Whether a running worker (or one to start) can take a range now, and none has failed. */
  takesRange(): boolean {
    return this.failure === undefined && this.workers.length > 0 && this.hasRoom();
  }

  /** Bytes read here (a gunzipped file, a zip entry), transferred. */
  read(range: { bytes: Uint8Array; first: boolean; byteOffset: number }, fields: EventFields): SentRange {
    return this.send({ kind: 'bytes', bytes: range.bytes, first: range.first, byteOffset: range.byteOffset }, fields, [range.bytes.buffer as ArrayBuffer]);
  }

  /** A row group of a Parquet file, which the worker reads itself. */
  readParquetGroup(group: { path: string; group: number; decidedOn?: number }, fields: EventFields): SentRange {
    return this.send({ kind: 'parquet-group', ...group }, fields, []);
  }

  /** A range of an uncompressed file, which the worker reads itself. */
  readFile(range: { path: string; size: number; start: number; end: number }, fields: EventFields): SentRange {
    return this.send({ kind: 'file', ...range, maxLineBytes: MAX_RANGE_LINE_BYTES, maxLineUnits: MAX_RANGE_LINE_UNITS }, fields, []);
  }

  /** Sends a range to the least busy worker (starting one while fewer than `size` run and all are busy). */
  private send(what: DistributiveOmit<RangeJob, 'id' | 'eventFields'>, fields: EventFields, transfer: ArrayBuffer[]): SentRange {
    if (this.failure !== undefined) return { columns: handledLater(Promise.reject(this.failure)), ids: new ReaderIds(), settled: () => true };
    let slot = this.workers.reduce<(typeof this.workers)[number] | undefined>((best, each) => (best === undefined || each.busy < best.busy ? each : best), undefined);
    if (slot === undefined || (slot.busy > 0 && this.workers.length < this.size)) slot = this.start();
    const id = this.nextId++;
    // Decided once, on this thread: each worker reads with the same system, never detecting again.
    const eventFields = { ...this.options.eventFields, from: fields.system.id };
    const job = { ...what, id, eventFields } as RangeJob;
    slot.busy++;
    const owner = slot;
    let answered = false;
    const done = new Promise<RangeColumns>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: (reply) => {
          owner.busy--;
          answered = true;
          // As this thread's own ranges' columns are made (one hidden class for appendRange).
          if ('columns' in reply) resolve(rangeColumns(reply.columns));
          else reject(this.fail('a reading thread answered a range with an attribution'));
        },
        reject: (error) => {
          answered = true;
          reject(error);
        },
      });
    });
    handledLater(done);
    slot.worker.postMessage(job, transfer);
    return { columns: done, ids: slot.ids, settled: () => answered };
  }

  private start(): WorkerSlot {
    const setup: RangeWorkerSetup = {
      // The checked rules (plain data) rather than their text: a worker then needs no parser.
      rules: this.options.classifier.rules,
      report: this.options.settings !== undefined,
      ...(this.options.against === undefined ? {} : { against: this.options.against }),
      skippedLimit: this.skippedLimit,
      projection: this.options.projection !== false,
      ...(this.options.compare === undefined ? {} : { compare: { headRules: this.options.compare.head.rules, ...(this.options.compare.against === undefined ? {} : { against: this.options.compare.against }) } }),
    };
    const script = this.options.workerScript ?? defaultWorkerScript();
    // One the CLI started while it loaded (./early-range-workers) is given its setup as its first message.
    const early = takeEarlyRangeWorker(script);
    const worker = early ?? new Worker(script, { workerData: setup });
    const slot = { worker, busy: 0, ids: new ReaderIds() };
    // In the pool before anything else can throw: close() ends it whatever happens next.
    this.workers.push(slot);
    worker.on('message', (reply: RangeReply) => {
      const waiting = this.waiting.get(reply.id);
      if (waiting === undefined) return;
      this.waiting.delete(reply.id);
      // A damaged file is the user's one line as the one-thread reader words it; anything else is the thread's failure.
      if ('error' in reply) waiting.reject(reply.fileError === true ? this.failWith(new EventFileError(reply.error)) : this.fail(threadFailure(reply.error)));
      else waiting.resolve(reply);
    });
    worker.on('error', (error: Error & { code?: string }) => this.failAll(threadFailure(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? ALLOCATION_FAILED : error.message)));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.failAll(`a reading thread stopped (exit code ${code})`);
    });
    if (early !== undefined) early.postMessage({ kind: 'setup', setup } satisfies SetupJob);
    return slot;
  }

  private fail(message: string): Error {
    const where = 'path' in this.options.source ? `${this.options.source.path}: ` : '';
    return this.failWith(new EventFileError(`${where}${message}`));
  }

  private failWith(error: EventFileError): Error {
    this.failure ??= error;
    return this.failure;
  }

  private failAll(message: string): void {
    const error = this.fail(message);
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }
}
