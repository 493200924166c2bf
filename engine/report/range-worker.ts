// A worker thread of ./threaded-report (bundled as dist/range-worker.js): compiles the
// same rules as the main thread, then reads each range of NDJSON lines it is sent into
// compact columns (./range-columns). A failure is sent back as one message; the main
// thread turns it into one line and exit 2.

import { parentPort, workerData } from 'node:worker_threads';
import { checkRules } from '../check/check-rules';
import type { Classifier } from '../classify/classifier';
import { compileClassifier } from '../classify/compile-classifier';
import { eventFieldsFor } from '../events/event-source';
import { asciiText } from '../events/ascii-text';
import { parseChannels } from '../../grammar/parse';
import { RangeReader } from './range-columns';
import { transferList, type RangeJob, type RangeReply, type RangeWorkerSetup } from './range-worker-protocol';

const setup = workerData as RangeWorkerSetup;
const port = parentPort!;

let classifier: Classifier | undefined;
let setupError: string | undefined;
try {
  const parsed = parseChannels(setup.rulesText);
  classifier = compileClassifier(checkRules(parsed, setup.rulesText));
} catch (error) {
  setupError = messageOf(error);
}

/** One reader per source system (the main thread decides it once: in practice one). */
const readers = new Map<string, RangeReader>();

function readerFor(job: RangeJob): RangeReader {
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
    });
    reader.decide(eventFieldsFor(undefined, job.eventFields));
    readers.set(key, reader);
  }
  return reader;
}

port.on('message', (job: RangeJob) => {
  let reply: RangeReply;
  try {
    const columns = readerFor(job).readRange(job.bytes, job.first, job.byteOffset);
    reply = { id: job.id, columns };
    port.postMessage(reply, transferList(columns));
  } catch (error) {
    reply = { id: job.id, error: messageOf(error) };
    port.postMessage(reply);
  }
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
