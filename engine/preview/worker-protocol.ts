// Messages between the extension (PreviewRunner) and the preview worker
// (engine/preview/worker.ts), plus the layout of the shared memory through which the
// worker tells a watchdog what it is doing, even while it is stuck in a regex and
// cannot post a message. Where memory cannot be shared (a web worker in a page that
// is not cross-origin isolated: github.dev, vscode.dev), the worker posts the same
// slots as `beat` messages instead, at least every PULSE_MS while it works: a worker
// stuck in a regex stops posting, which the watchdog sees as a stalled heartbeat.

import type { EventSourceOptions } from '../events/event-source';
import type {
  EventExplanation,
  OverrunReport,
  PreviewOptions,
  RuleSummary,
  RunResult,
  SampleColumns,
} from './protocol';

/**
 * Where to read sample events: a file path, text already read, or a file's bytes
 * already read (from a virtual file system, or in the browser: any format, gz and zip
 * too), and whose export they are (SPEC §3.2, §3.3; default detected).
 */
export type SampleSource = (
  | { kind: 'path'; path: string }
  | { kind: 'text'; name: string; text: string }
  | { kind: 'bytes'; name: string; bytes: Uint8Array }
) & {
  eventSource?: EventSourceOptions;
};

export type ToWorker =
  | { type: 'load'; sampleId: number; source: SampleSource; name: string }
  | { type: 'run'; runId: number; sampleId: number; rulesText: string; rulesName: string; options: PreviewOptions }
  | { type: 'explain'; requestId: number; eventIndex: number; rulesText: string; rulesName: string }
  | { type: 'diagnose'; requestId: number; eventIndex: number; rulesText: string; rulesName: string }
  /**
   * Without shared memory the stalled event is known only to within a heartbeat:
   * classify events from `fromIndex` on, posting a beat before each, so a watchdog
   * sees exactly which one stalls.
   */
  | { type: 'scan'; requestId: number; fromIndex: number; rulesText: string; rulesName: string };

export type FromWorker =
  | { type: 'sample'; columns: SampleColumns }
  | { type: 'sampleError'; sampleId: number; message: string }
  | { type: 'progress'; runId: number; phase: string; done: number; total: number }
  | { type: 'result'; result: RunResult }
  | { type: 'cancelled'; runId: number }
  | { type: 'error'; runId: number; message: string }
  | { type: 'explanation'; requestId: number; explanation: EventExplanation }
  | { type: 'explainError'; requestId: number; message: string }
  /** Sent by a diagnosing worker before it evaluates the rules, since it may never get to say more. */
  | { type: 'diagnosisEvent'; requestId: number; event: NonNullable<OverrunReport['event']>; rules: RuleSummary[] }
  /** The diagnosis finished: no rule hung this time. */
  | { type: 'diagnosis'; requestId: number; event?: OverrunReport['event'] }
  /** The scan reached the end of the sample: no event stalled this time. */
  | { type: 'scanned'; requestId: number }
  /** Without shared memory: the worker's slots (WORKER_SLOTS, in that order). */
  | { type: 'beat'; slots: number[] };

/** Slots of the shared Int32Array (workerData.shared). */
export const SLOT = {
  /** The newest run the extension wants; a worker run with another id is stale and stops. */
  latestRun: 0,
  /** The run the worker is working on (0 = idle). */
  activeRun: 1,
  /** PHASE_* below. */
  phase: 2,
  /** Index (in file order) of the event being classified or explained. */
  eventIndex: 3,
  /** Index of the rule being evaluated during a diagnosis (-1 none). */
  ruleIndex: 4,
  /** Incremented as work advances; a watchdog sees a stall when it stops changing. */
  heartbeat: 5,
} as const;
export const SHARED_SLOTS = 6;

/** The slots the worker writes (the runner writes latestRun), as a `beat` message carries them. */
export const WORKER_SLOTS = [SLOT.activeRun, SLOT.phase, SLOT.eventIndex, SLOT.ruleIndex, SLOT.heartbeat] as const;

/** Without shared memory, the longest a working worker goes without a `beat` message. */
export const PULSE_MS = 100;

/** Whether `slots` is memory shared with another thread (else `beat` messages carry it). */
export function isSharedMemory(slots: Int32Array): boolean {
  return typeof SharedArrayBuffer === 'function' && slots.buffer instanceof SharedArrayBuffer;
}

export const PHASE = { idle: 0, reading: 1, classifying: 2, report: 3, diagnosing: 4, explaining: 5 } as const;
export const PHASE_NAMES = ['idle', 'reading', 'classifying', 'report', 'diagnosing', 'explaining'] as const;
