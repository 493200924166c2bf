// A worker thread of ./threaded-report (bundled as dist/range-worker.js): compiles the
// main thread's checked rules (so it loads no parser; given as workerData, or as the
// first message to a worker started before its run, ./early-range-workers), then
// reads each range of NDJSON lines it is sent (or reads it from the file itself:
// engine/events/file-line-ranges), or a Parquet file's row group, into compact columns
// (./range-columns). After the reading, it may attribute a range of the users for the
// report (./attribution-part) from the main thread's timeline in shared memory. A failure is
// sent back as one message; the main thread turns it into one line and exit 2.

import { parentPort, workerData } from 'node:worker_threads';
import type { Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { eventFieldsFor } from '../events/event-source';
import { asciiText } from '../events/ascii-text';
import { EventFileError } from '../events/event-format';
import { jsonProjection } from '../events/json-projection';
import { openForRanges, RangeBuffer, readLinesStartingIn } from '../events/file-line-ranges';
import { RangeNames, RangeReader, type RangeColumns } from './range-columns';
import { attributeUsers } from './attribution-part';
import { transferList, type AttributionJob, type RangeJob, type RangeReply, type RangeWorkerSetup, type WorkerJob } from './range-worker-protocol';

const port = parentPort!;

/** The run's rules and settings: workerData, or for a worker started early (./early-range-workers) its first message. */
let setup: RangeWorkerSetup | undefined;
let classifier: Classifier | undefined;
let head: Classifier | undefined;
let setupError: string | undefined;

function configure(given: RangeWorkerSetup): void {
  setup = given;
  try {
    classifier = compileClassifier(given.rules);
    if (given.compare !== undefined) head = compileClassifier(given.compare.headRules);
  } catch (error) {
    setupError = messageOf(error);
  }
}

if ((workerData as { early?: boolean }).early !== true) configure(workerData as RangeWorkerSetup);

/** One reader per source system (the main thread decides it once: in practice one), all numbering names in one table. */
const readers = new Map<string, RangeReader>();
let names = new RangeNames();
/** The bytes of the ranges this thread reads from the file, one after another. */
const rangeBuffer = new RangeBuffer();

function readerFor(job: RangeJob): RangeReader {
  if (setup === undefined) throw new Error('a reading thread was given a range before its rules');
  if (classifier === undefined) throw new Error(setupError);
  const key = JSON.stringify(job.eventFields);
  let reader = readers.get(key);
  if (reader === undefined) {
    reader = new RangeReader(classifier, {
      eventFields: job.eventFields,
      report: setup.report,
      ...(setup.against === undefined ? {} : { against: setup.against }),
      skippedLimit: setup.skippedLimit,
      asciiText,
      ...(setup.projection ? { projection: jsonProjection } : {}),
      ...(head === undefined ? {} : { compare: { head, ...(setup.compare?.against === undefined ? {} : { against: setup.compare.against }) } }),
    }, names);
    reader.decide(eventFieldsFor(undefined, job.eventFields));
    readers.set(key, reader);
  }
  return reader;
}

function read(job: RangeJob): RangeColumns | Promise<RangeColumns> {
  const reader = readerFor(job);
  if (job.kind === 'bytes') return reader.readRange(job.bytes, job.first, job.byteOffset);
  if (job.kind === 'parquet-group') return reader.readParquetGroup(job.path, job.group, job.decidedOn);
  // Opened per range (microseconds against milliseconds of parsing): a worker ended by
  // terminate() leaves no descriptor open in the process.
  const file = openForRanges(job.path, job.size);
  try {
    const range = readLinesStartingIn(file.readAt, job.size, job.start, job.end, job.maxLineBytes, reader.rangeStorage(rangeBuffer), job.maxLineUnits);
    return reader.readRange(range.bytes, range.first, range.byteOffset, range.tooLongAfter);
  } finally {
    file.close();
  }
}

port.on('message', (job: WorkerJob) => {
  if (job.kind === 'setup') {
    configure(job.setup);
    return;
  }
  if (job.kind === 'attribution') {
    attributeRange(job);
    return;
  }
  // One range after another, as they came: a Parquet row group is read with awaits, and
  // a range begun meanwhile would number its names among the other's.
  answered = answered.then(() => answer(job));
});

let answered: Promise<void> = Promise.resolve();

async function answer(job: RangeJob): Promise<void> {
  let reply: RangeReply;
  try {
    const columns = await read(job);
    reply = { id: job.id, columns };
    port.postMessage(reply, transferList(columns));
  } catch (error) {
    // A damaged file, or more users than a run holds: the user's one line, as it is.
    const usersOwn = error instanceof EventFileError || (error instanceof Error && error.name === 'TooManyNamesError');
    reply = { id: job.id, error: messageOf(error), ...(usersOwn ? { fileError: true } : {}) };
    port.postMessage(reply);
  }
}

function attributeRange(job: AttributionJob): void {
  // The reading is over: the names this thread sent are the main thread's now.
  readers.clear();
  names = new RangeNames();
  try {
    const part = attributeUsers(job.timeline, job.channelCount, job.settings, job.users);
    port.postMessage({ id: job.id, part } satisfies RangeReply);
  } catch (error) {
    port.postMessage({ id: job.id, error: messageOf(error) } satisfies RangeReply);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
