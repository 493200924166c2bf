// A worker thread of ./threaded-report (bundled as dist/range-worker.js): compiles the
// same rules as the main thread, then reads each range of NDJSON lines it is sent into
// compact columns (./range-columns). A failure is sent back as one message; the main
// thread turns it into one line and exit 2.

import { parentPort, workerData } from 'node:worker_threads';
import { checkRules } from '../check/check-rules';
import { compileClassifier } from '../classify/compile-classifier';
import { eventFieldsFor } from '../events/event-source';
import { parseChannels } from '../../grammar/parse';
import { RangeReader } from './range-columns';
import { transferList, type RangeJob, type RangeReply, type RangeWorkerSetup } from './range-worker-protocol';

const setup = workerData as RangeWorkerSetup;
const port = parentPort!;

let reader: RangeReader | undefined;
let setupError: string | undefined;
try {
  const parsed = parseChannels(setup.rulesText);
  const classifier = compileClassifier(checkRules(parsed, setup.rulesText));
  reader = new RangeReader(classifier, {
    eventFields: setup.eventFields,
    report: setup.report,
    ...(setup.against === undefined ? {} : { against: setup.against }),
    skippedLimit: setup.skippedLimit,
  });
  reader.decide(eventFieldsFor(undefined, setup.eventFields));
} catch (error) {
  setupError = messageOf(error);
}

port.on('message', (job: RangeJob) => {
  let reply: RangeReply;
  try {
    if (reader === undefined) throw new Error(setupError);
    const columns = reader.readRange(job.bytes, job.first, job.byteOffset);
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
