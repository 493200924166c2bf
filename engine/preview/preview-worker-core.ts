// The preview worker's work, whatever the thread: holds the sample, runs the rules on
// it when asked, explains events, and diagnoses overruns. ./worker (a worker_threads
// Worker, Node) and ./worker-web (a web worker, the web extension) connect it to their
// port.
//
// Messages are handled one at a time. A run is stale as soon as the extension has
// asked for a newer one (SLOT.latestRun in shared memory), which the run checks
// between events without waiting for a message.

import { CancelledError, type CancellationToken } from '../cancellation';
import { compileClassifier } from '../classify/compile-classifier';
import { ReportSettingsError } from '../report/report-settings';
import { eventFields } from './event-fields';
import { explainForPreview } from './explain-event';
import { AgainstFieldError, resolveAgainstField } from '../report/against-field';
import { compileRules, reportSettings, runPreview, type CompiledRules, type PreviousRun } from './preview-run';
import { entryOfEvent, loadSample, sampleColumns, type Sample } from './sample';
import { isSharedMemory, PHASE, PULSE_MS, SLOT, WORKER_SLOTS, type FromWorker, type ToWorker } from './worker-protocol';

/** The worker's side of its channel to PreviewRunner. */
export interface PreviewWorkerPort {
  post(message: FromWorker, transfer: ArrayBuffer[]): void;
  onMessage(handler: (message: ToWorker) => void): void;
}

let port!: PreviewWorkerPort;
let shared!: Int32Array;
let sample: Sample | undefined;
let compiled: CompiledRules | undefined;
let previous: PreviousRun | undefined;
const queue: ToWorker[] = [];
let busy = false;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.post(message, transfer);
}

/** Memory is not shared with the runner: the slots go out as `beat` messages (./worker-protocol). */
let pulsing = false;
let lastPulse = 0;

/** Posts the slots when PULSE_MS went by since the last time (always when `now`). */
function pulse(now = false): void {
  if (!pulsing) return;
  const time = performance.now();
  if (!now && time - lastPulse < PULSE_MS) return;
  lastPulse = time;
  post({ type: 'beat', slots: WORKER_SLOTS.map((slot) => shared[slot]!) });
}

function setPhase(phase: number, active: number): void {
  Atomics.store(shared, SLOT.phase, phase);
  Atomics.store(shared, SLOT.activeRun, active);
  Atomics.add(shared, SLOT.heartbeat, 1);
  pulse(true);
}

function beat(): void {
  shared[SLOT.heartbeat] = (shared[SLOT.heartbeat]! + 1) | 0;
  pulse();
}

function compiledFor(text: string, rulesName: string): CompiledRules {
  if (compiled === undefined || compiled.text !== text) compiled = compileRules(text, rulesName);
  return compiled;
}

/** Serves PreviewRunner's requests on `port`; `shared` is the memory the runner watches (see ./worker-protocol). */
export function servePreviewWorker(workerPort: PreviewWorkerPort, sharedSlots: Int32Array): void {
  port = workerPort;
  shared = sharedSlots;
  pulsing = !isSharedMemory(shared);
  port.onMessage((message) => {
    // Where memory is not shared (a web worker without cross-origin isolation), the
    // newest run is known from the messages: a run in progress yields between events,
    // so it sees this and stops.
    if (message.type === 'run' && Atomics.load(shared, SLOT.latestRun) < message.runId) Atomics.store(shared, SLOT.latestRun, message.runId);
    queue.push(message);
    void pump();
  });
}

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    while (queue.length > 0) {
      const message = queue.shift()!;
      try {
        await handle(message);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (message.type === 'run') post({ type: 'error', runId: message.runId, message: `the preview run failed: ${text}` });
        else if (message.type === 'explain') post({ type: 'explainError', requestId: message.requestId, message: text });
        else if (message.type === 'load') post({ type: 'sampleError', sampleId: message.sampleId, message: text });
      } finally {
        setPhase(PHASE.idle, 0);
      }
    }
  } finally {
    busy = false;
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'load':
      return load(message);
    case 'run':
      return run(message);
    case 'explain':
      return explain(message);
    case 'diagnose':
      return diagnose(message);
    case 'scan':
      return scan(message);
  }
}

async function load(message: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  if (sample?.sampleId === message.sampleId) {
    post({ type: 'sample', columns: sampleColumns(sample) });
    return;
  }
  sample = undefined;
  setPhase(PHASE.reading, 0);
  sample = await loadSample(message.sampleId, message.source, message.name, { beat });
  post({ type: 'sample', columns: sampleColumns(sample) });
}

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const { runId } = message;
  const token: CancellationToken = {
    get isCancellationRequested() {
      return Atomics.load(shared, SLOT.latestRun) !== runId;
    },
  };
  if (token.isCancellationRequested) {
    post({ type: 'cancelled', runId });
    return;
  }
  if (sample === undefined || sample.sampleId !== message.sampleId) {
    post({ type: 'error', runId, message: 'the sample events are not loaded' });
    return;
  }
  let settings;
  try {
    settings = reportSettings(message.options);
  } catch (error) {
    if (error instanceof ReportSettingsError) {
      post({ type: 'error', runId, message: error.message });
      return;
    }
    throw error;
  }
  setPhase(PHASE.classifying, runId);
  const rules = compiledFor(message.rulesText, message.rulesName);
  const started = performance.now();
  let lastProgress = 0;
  try {
    const result = await runPreview(runId, sample, rules, settings, {
      token,
      atEvent: (eventIndex) => {
        shared[SLOT.eventIndex] = eventIndex;
        shared[SLOT.heartbeat] = (shared[SLOT.heartbeat]! + 1) | 0;
        pulse();
      },
      onProgress: (phase, done, total) => {
        if (phase === 'report') setPhase(PHASE.report, runId);
        const now = performance.now();
        // Only long runs show progress; a quick one would only flicker.
        if (now - started > 150 && now - lastProgress > 100) {
          lastProgress = now;
          post({ type: 'progress', runId, phase: phase === 'report' ? 'computing the report' : 'classifying', done, total });
        }
      },
      checkpoint: beat,
      previous,
      against: againstFieldOf(message.options.against, sample.fields.system.id),
    });
    previous = { sampleId: sample.sampleId, ruleKeys: rules.ruleKeys, ruleOf: result.ruleOf.slice() };
    const transfer = [result.ruleOf.buffer, result.sessionOf.buffer, result.unassignedOf?.buffer, result.against?.of.buffer];
    post({ type: 'result', result }, transfer.filter((buffer) => buffer !== undefined) as ArrayBuffer[]);
  } catch (error) {
    if (error instanceof CancelledError) {
      post({ type: 'cancelled', runId });
      return;
    }
    throw error;
  }
}

function explain(message: Extract<ToWorker, { type: 'explain' }>): void {
  if (sample === undefined || message.eventIndex < 0 || message.eventIndex >= sample.props.length) {
    post({ type: 'explainError', requestId: message.requestId, message: 'no such event in the sample' });
    return;
  }
  setPhase(PHASE.explaining, -message.requestId);
  shared[SLOT.eventIndex] = message.eventIndex;
  const rules = compiledFor(message.rulesText, message.rulesName);
  const explanation = explainForPreview(
    rules,
    sample.props[message.eventIndex]!,
    message.eventIndex,
    sample.columns.lines[message.eventIndex]!,
    sample.fields.lookup,
  );
  const entry = entryOfEvent(sample, message.eventIndex);
  post({ type: 'explanation', requestId: message.requestId, explanation: entry === undefined ? explanation : { ...explanation, entry } });
}

/** Evaluates one event rule by rule, writing the rule index first, so a watchdog can see which rule hangs. */
function diagnose(message: Extract<ToWorker, { type: 'diagnose' }>): void {
  if (sample === undefined || message.eventIndex < 0 || message.eventIndex >= sample.props.length) {
    post({ type: 'diagnosis', requestId: message.requestId });
    return;
  }
  const props = sample.props[message.eventIndex]!;
  const entry = entryOfEvent(sample, message.eventIndex);
  const event = {
    index: message.eventIndex,
    line: sample.columns.lines[message.eventIndex]!,
    ...(entry === undefined ? {} : { entry }),
    fields: eventFields(props, sample.fields.lookup),
  };
  const rules = compiledFor(message.rulesText, message.rulesName);
  post({ type: 'diagnosisEvent', requestId: message.requestId, event, rules: rules.rules });
  const singles = rules.checked.rules.map((rule) =>
    compileClassifier({ ...rules.checked, rules: [rule], otherwise: undefined }, sample!.fields.lookup),
  );
  setPhase(PHASE.diagnosing, -1);
  for (let index = 0; index < singles.length; index++) {
    Atomics.store(shared, SLOT.ruleIndex, index);
    beat();
    pulse(true);
    if (singles[index]!.classify(props) >= 0) break;
  }
  post({ type: 'diagnosis', requestId: message.requestId, event });
}

/** Classifies events from `fromIndex` on, saying which before each (see ToWorker 'scan'). */
function scan(message: Extract<ToWorker, { type: 'scan' }>): void {
  if (sample !== undefined) {
    const compiled = compiledFor(message.rulesText, message.rulesName);
    sample.resolved.ensure(compiled.checked.fields);
    const events = sample.resolved.events;
    Atomics.store(shared, SLOT.ruleIndex, -1);
    setPhase(PHASE.diagnosing, -1);
    for (let index = Math.max(0, message.fromIndex); index < events.length; index++) {
      shared[SLOT.eventIndex] = index;
      beat();
      pulse(true);
      compiled.classifier.classify(events[index]!);
    }
  }
  post({ type: 'scanned', requestId: message.requestId });
}

/** The preview's agreement field: a field as set, or for `auto` the sample's source system's (none for plain events). */
function againstFieldOf(against: string | undefined, system: string): string | undefined {
  if (against === undefined || against.trim() === '') return undefined;
  try {
    return resolveAgainstField(against.trim(), system);
  } catch (error) {
    if (error instanceof AgainstFieldError) return undefined;
    throw error;
  }
}
