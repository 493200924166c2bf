// Messages between the server and its workers. In Node (./server-worker) two workers
// run the server's own bundle: one for the fast check of every change, one for the
// exact analysis, so a long analysis never delays the diagnostics of the next
// keystroke. In the browser (./analysis-worker-web) one web worker, started on first
// use, runs everything that needs the analysis engine (the analysis, "Compare with…",
// "Add a rule for this traffic…"); the fast check stays on the server's thread.

import type { EventSourceOptions } from '../engine/events/event-source';
import type { PortableAnalysis } from '../engine/language/document-analysis';
import type { FastCheck } from '../engine/language/fast-diagnostics';
import type { RuleForTraffic, TrafficFields } from '../engine/language/rule-for-traffic';
import type { DiffParams, DiffResult } from './custom-protocol';

/** A diff as the analysis runs it: a sample the client named by URI has been read through the client by then (./features/diff), its bytes named as the file. */
export type DiffJobParams = Omit<DiffParams, 'sample'> & { sample?: Exclude<DiffParams['sample'], { uri: string }> | { bytes: Uint8Array; name: string } };

export type WorkerJob =
  | { kind: 'check'; text: string; fileName: string }
  | {
      kind: 'analyse';
      text: string;
      timeBudgetMs: number;
      fileName: string;
      /** Keep the engine's facts for the next run of this document (open documents). */
      keep: boolean;
    }
  /** `sampleEventFields`: how the sample's records are read (the document's channelRules.eventSource, fieldMap, timeUnit). */
  | { kind: 'diff'; params: DiffJobParams; sampleEventFields?: EventSourceOptions }
  | { kind: 'ruleForTraffic'; text: string; fields: TrafficFields; channel: string };

export type ToWorker = { kind: 'job'; run: number; uri: string; job: WorkerJob } | { kind: 'cancel'; run: number } | { kind: 'forget'; uri: string };

export type JobResult =
  | { kind: 'check'; check: FastCheck }
  | { kind: 'analyse'; analysis: PortableAnalysis }
  | { kind: 'diff'; result: DiffResult }
  /** `error`: why no rule was proposed (the engine's RuleForTrafficError), in words. */
  | { kind: 'ruleForTraffic'; proposal?: RuleForTraffic; error?: string };

export type FromWorker =
  | { kind: 'done'; run: number; result: JobResult }
  | { kind: 'cancelled'; run: number }
  | { kind: 'failed'; run: number; error: string };

/**
 * Shared memory: slot `cancelSlotOf(run)` holds the id of a run to stop now (read by
 * the running job at each step). One slot per run modulo CANCEL_SLOTS, not one for
 * all: a later cancel (a newer version's job, still queued) must not hide the
 * running job's. A run CANCEL_SLOTS later may take its slot; its cancel message still
 * stops it at its next yield.
 */
export const CANCEL_SLOTS = 64;

export function cancelSlotOf(run: number): number {
  return run % CANCEL_SLOTS;
}
