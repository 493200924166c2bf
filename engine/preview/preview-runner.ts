// Runs the preview pipeline in a worker thread (dist/preview-worker.js) so the editor
// and the language server never wait for it, and so a run can be stopped for real.
//
// - A newer run supersedes an older one: the worker sees the newest run id in shared
//   memory between events and drops the stale run at once.
// - A watchdog reads the worker's heartbeat (shared memory, written per event). When
//   it stops moving for `stallBudgetMs` while classifying (a user regex backtracking
//   catastrophically on one event), or a run exceeds `runBudgetMs`, the worker is
//   terminated and replaced. A throwaway worker then re-evaluates that one event rule
//   by rule, under the same budget, to name the rule that hangs.
// - Where memory cannot be shared (the web extension in a page that is not
//   cross-origin isolated), the worker posts its slots as `beat` messages at least
//   every PULSE_MS while it works (./worker-protocol) and the watchdog reads the last
//   ones: a worker stuck in a regex stops posting, so it is seen and replaced just the
//   same. The stalled event is then known only to within a beat, so a throwaway
//   worker first classifies from the last event beaten, saying which before each
//   (`scan`), then the rule diagnosis runs on the event it stalls on.

import type { EventExplanation, OverrunReport, PreviewOptions, RuleSummary, RunResult, SampleColumns } from './protocol';
import { sharedSlots, spawnPreviewWorker, type PreviewWorkerHandle } from './spawn-preview-worker';
import { PHASE, PHASE_NAMES, SHARED_SLOTS, SLOT, WORKER_SLOTS, type FromWorker, type SampleSource, type ToWorker } from './worker-protocol';

export type RunOutcome =
  | { kind: 'result'; runId: number; result: RunResult }
  | { kind: 'cancelled'; runId: number }
  | { kind: 'overrun'; runId: number; overrun: OverrunReport }
  | { kind: 'error'; runId: number; message: string };

export type ExplainOutcome =
  | { kind: 'explanation'; explanation: EventExplanation }
  | { kind: 'overrun'; overrun: OverrunReport }
  | { kind: 'error'; message: string };

export interface RunProgress {
  runId: number;
  phase: string;
  done: number;
  total: number;
}

export interface PreviewRunnerOptions {
  workerPath: string;
  /** A classifying worker whose heartbeat stands still this long is stopped. */
  stallBudgetMs?: number;
  /** A run taking longer than this in total is stopped. */
  runBudgetMs?: number;
  watchdogIntervalMs?: number;
  /** Web only: the worker's script, where the host refuses to start a worker from its URL (./spawn-preview-worker.web). */
  loadWorkerScript?: () => Promise<Uint8Array>;
  /**
   * Whether the watchdog shares memory with the worker (default: where SharedArrayBuffer
   * exists); without, the worker's `beat` messages stand in for it.
   */
  sharedMemory?: boolean;
}

interface PendingRun {
  runId: number;
  message: Extract<ToWorker, { type: 'run' }>;
  resolve: (outcome: RunOutcome) => void;
  onProgress?: (progress: RunProgress) => void;
}

interface PendingExplain {
  requestId: number;
  message: Extract<ToWorker, { type: 'explain' }>;
  resolve: (outcome: ExplainOutcome) => void;
}

interface PendingSample {
  sampleId: number;
  resolve: (columns: SampleColumns) => void;
  reject: (error: Error) => void;
}

const MAX_CRASHES = 3;

const STALLABLE_PHASES: ReadonlySet<number> = new Set([PHASE.reading, PHASE.classifying, PHASE.explaining, PHASE.diagnosing]);

export class PreviewRunner {
  readonly stallBudgetMs: number;
  readonly runBudgetMs: number;
  private readonly workerPath: string;
  private readonly sharedMemory: boolean;
  private readonly shared: Int32Array;
  private readonly loadWorkerScript: (() => Promise<Uint8Array>) | undefined;
  private worker!: PreviewWorkerHandle;
  private sample: { sampleId: number; source: SampleSource; name: string } | undefined;
  private pendingSample: PendingSample | undefined;
  private pendingRun: PendingRun | undefined;
  private readonly pendingExplains = new Map<number, PendingExplain>();
  private lastRunId = 0;
  private lastRequestId = 0;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private watched = { heartbeat: -1, changedAt: 0, active: 0, activeSince: 0 };
  private disposed = false;
  /** Deaths in a row without a message in between; after MAX_CRASHES the runner gives up. */
  private crashes = 0;
  private broken: string | undefined;
  /** Workers started so far (1 + restarts); for tests and diagnostics. */
  workersStarted = 0;

  constructor(options: PreviewRunnerOptions) {
    this.workerPath = options.workerPath;
    this.loadWorkerScript = options.loadWorkerScript;
    this.sharedMemory = options.sharedMemory ?? typeof SharedArrayBuffer === 'function';
    this.shared = this.slots();
    this.stallBudgetMs = options.stallBudgetMs ?? 2000;
    this.runBudgetMs = options.runBudgetMs ?? 60_000;
    this.startWorker();
    this.watchdog = setInterval(() => this.checkWorker(), options.watchdogIntervalMs ?? 50);
    // Node: the watchdog alone must not keep the process alive (no unref in a browser).
    (this.watchdog as { unref?: () => void }).unref?.();
  }

  /** Reads the sample in the worker; resolves with its columns (sent to the webview once). */
  loadSample(sampleId: number, source: SampleSource, name: string): Promise<SampleColumns> {
    if (this.broken !== undefined) return Promise.reject(new Error(this.broken));
    this.pendingSample?.reject(new Error('superseded by another sample'));
    this.sample = { sampleId, source, name };
    return new Promise((resolve, reject) => {
      this.pendingSample = { sampleId, resolve, reject };
      this.send({ type: 'load', sampleId, source, name });
    });
  }

  clearSample(): void {
    this.sample = undefined;
  }

  /** Runs the report on the current sample; a later call cancels this one. */
  run(rulesText: string, rulesName: string, options: PreviewOptions, onProgress?: (progress: RunProgress) => void): Promise<RunOutcome> {
    const runId = ++this.lastRunId;
    Atomics.store(this.shared, SLOT.latestRun, runId);
    const stale = this.pendingRun;
    this.pendingRun = undefined;
    stale?.resolve({ kind: 'cancelled', runId: stale.runId });
    if (this.broken !== undefined) return Promise.resolve({ kind: 'error', runId, message: this.broken });
    if (this.sample === undefined) return Promise.resolve({ kind: 'error', runId, message: 'no sample events loaded' });
    const message: PendingRun['message'] = { type: 'run', runId, sampleId: this.sample.sampleId, rulesText, rulesName, options };
    return new Promise((resolve) => {
      this.pendingRun = { runId, message, resolve, onProgress };
      this.send(message);
    });
  }

  /** Why the event at `eventIndex` (file order) gets its channel under these rules. */
  explain(eventIndex: number, rulesText: string, rulesName: string): Promise<ExplainOutcome> {
    if (this.broken !== undefined) return Promise.resolve({ kind: 'error', message: this.broken });
    const requestId = ++this.lastRequestId;
    const message: PendingExplain['message'] = { type: 'explain', requestId, eventIndex, rulesText, rulesName };
    return new Promise((resolve) => {
      this.pendingExplains.set(requestId, { requestId, message, resolve });
      this.send(message);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.watchdog);
    this.worker.terminate();
    this.pendingRun?.resolve({ kind: 'cancelled', runId: this.pendingRun.runId });
    this.pendingRun = undefined;
    for (const pending of this.pendingExplains.values()) pending.resolve({ kind: 'error', message: 'the preview was closed' });
    this.pendingExplains.clear();
    this.pendingSample?.reject(new Error('the preview was closed'));
    this.pendingSample = undefined;
  }

  private send(message: ToWorker): void {
    if (!this.disposed) this.worker.postMessage(message);
  }

  private startWorker(): void {
    this.workersStarted++;
    for (const slot of [SLOT.activeRun, SLOT.phase, SLOT.eventIndex, SLOT.ruleIndex, SLOT.heartbeat]) Atomics.store(this.shared, slot, 0);
    Atomics.store(this.shared, SLOT.latestRun, this.lastRunId);
    this.watched = { heartbeat: -1, changedAt: performance.now(), active: 0, activeSince: performance.now() };
    const worker = this.spawn(this.shared);
    worker.onMessage((message: FromWorker) => {
      if (worker === this.worker) this.onWorkerMessage(message);
    });
    worker.onError((message) => {
      if (worker === this.worker) this.onWorkerDied(`the preview worker failed: ${message}`);
    });
    worker.onExit((code) => {
      if (worker === this.worker && !this.disposed) this.onWorkerDied(`the preview worker exited (code ${code})`);
    });
    this.worker = worker;
  }

  /** The memory a worker and its watchdog share, or the runner's copy of what `beat` messages say. */
  private slots(): Int32Array {
    return this.sharedMemory ? sharedSlots(SHARED_SLOTS) : new Int32Array(SHARED_SLOTS);
  }

  private spawn(shared: Int32Array): PreviewWorkerHandle {
    return spawnPreviewWorker(this.workerPath, shared, this.loadWorkerScript === undefined ? {} : { loadScript: this.loadWorkerScript });
  }

  private onWorkerMessage(message: FromWorker): void {
    this.crashes = 0;
    switch (message.type) {
      case 'sample':
        if (this.pendingSample?.sampleId === message.columns.sampleId) {
          this.pendingSample.resolve(message.columns);
          this.pendingSample = undefined;
        }
        return;
      case 'sampleError':
        if (this.pendingSample?.sampleId === message.sampleId) {
          this.pendingSample.reject(new Error(message.message));
          this.pendingSample = undefined;
          this.sample = undefined;
        }
        return;
      case 'progress':
        if (this.pendingRun?.runId === message.runId) this.pendingRun.onProgress?.(message);
        return;
      case 'result':
      case 'cancelled':
      case 'error': {
        const runId = message.type === 'result' ? message.result.runId : message.runId;
        const pending = this.pendingRun;
        if (pending?.runId !== runId) return;
        this.pendingRun = undefined;
        if (message.type === 'result') pending.resolve({ kind: 'result', runId, result: message.result });
        else if (message.type === 'error') pending.resolve({ kind: 'error', runId, message: message.message });
        else pending.resolve({ kind: 'cancelled', runId });
        return;
      }
      case 'explanation':
      case 'explainError': {
        const pending = this.pendingExplains.get(message.requestId);
        if (pending === undefined) return;
        this.pendingExplains.delete(message.requestId);
        if (message.type === 'explanation') pending.resolve({ kind: 'explanation', explanation: message.explanation });
        else pending.resolve({ kind: 'error', message: message.message });
        return;
      }
      case 'beat':
        applyBeat(this.shared, message.slots);
        return;
      case 'diagnosisEvent':
      case 'diagnosis':
      case 'scanned':
        return;
    }
  }

  private onWorkerDied(reason: string): void {
    if (this.disposed) return;
    this.crashes++;
    this.pendingSample?.reject(new Error(reason));
    this.pendingSample = undefined;
    const run = this.pendingRun;
    this.pendingRun = undefined;
    run?.resolve({ kind: 'error', runId: run.runId, message: reason });
    for (const pending of this.pendingExplains.values()) pending.resolve({ kind: 'error', message: reason });
    this.pendingExplains.clear();
    if (this.crashes >= MAX_CRASHES) {
      // Not a stuck run but a worker that cannot live (missing bundle, out of memory): stop trying.
      this.broken = `${reason}; the preview stopped after ${MAX_CRASHES} failed starts`;
      this.worker.terminate();
      return;
    }
    this.restartWorker();
  }

  /** A fresh worker with the current sample; pending work that was not to blame is sent again. */
  private restartWorker(): void {
    this.worker.terminate();
    this.startWorker();
    if (this.sample !== undefined) {
      const { sampleId, source, name } = this.sample;
      this.send({ type: 'load', sampleId, source, name });
    }
    if (this.pendingRun !== undefined) this.send(this.pendingRun.message);
    for (const pending of this.pendingExplains.values()) this.send(pending.message);
  }

  private checkWorker(): void {
    if (this.disposed) return;
    const now = performance.now();
    const heartbeat = Atomics.load(this.shared, SLOT.heartbeat);
    const active = Atomics.load(this.shared, SLOT.activeRun);
    const phase = Atomics.load(this.shared, SLOT.phase);
    if (heartbeat !== this.watched.heartbeat) {
      this.watched.heartbeat = heartbeat;
      this.watched.changedAt = now;
    }
    if (active !== this.watched.active) {
      this.watched.active = active;
      this.watched.activeSince = now;
    }
    if (active === 0 || phase === PHASE.idle) return;
    const stalled = STALLABLE_PHASES.has(phase) && now - this.watched.changedAt > this.stallBudgetMs;
    const overlong = active > 0 && now - this.watched.activeSince > this.runBudgetMs;
    if (stalled || overlong) this.stopOverrun(active, phase, stalled ? this.stallBudgetMs : this.runBudgetMs);
  }

  private stopOverrun(active: number, phase: number, budgetMs: number): void {
    const eventIndex = Atomics.load(this.shared, SLOT.eventIndex);
    const rulesSource = active > 0 ? this.pendingRun?.message : this.pendingExplains.get(-active)?.message;
    // The job to blame: the run the worker was on (if still wanted) or the explain request.
    let blamedRun: PendingRun | undefined;
    let blamedExplain: PendingExplain | undefined;
    if (active > 0 && this.pendingRun?.runId === active) {
      blamedRun = this.pendingRun;
      this.pendingRun = undefined;
    } else if (active < 0) {
      blamedExplain = this.pendingExplains.get(-active);
      this.pendingExplains.delete(-active);
    }
    this.restartWorker();
    if (blamedRun === undefined && blamedExplain === undefined) return; // a stale run hung: the newer one was re-sent
    const phaseName = PHASE_NAMES[phase] ?? 'report';
    const finish = (found: Pick<OverrunReport, 'rule' | 'event'>) => {
      const overrun: OverrunReport = {
        budgetMs,
        phase: phaseName === 'reading' ? 'reading' : phaseName === 'report' ? 'report' : 'classifying',
        ...found,
        message: overrunMessage(budgetMs, phaseName, found),
      };
      if (blamedRun !== undefined) blamedRun.resolve({ kind: 'overrun', runId: blamedRun.runId, overrun });
      else blamedExplain?.resolve({ kind: 'overrun', overrun });
    };
    const classifying = phase === PHASE.classifying || phase === PHASE.explaining;
    if (!classifying || rulesSource === undefined || this.sample === undefined) {
      finish({});
      return;
    }
    void this.diagnose(eventIndex, rulesSource.rulesText, rulesSource.rulesName).then(finish);
  }

  /**
   * In a throwaway worker: evaluate the event rule by rule; the rule it hangs on is the
   * culprit. Without shared memory, the event is first found exactly (`scan`).
   */
  private async diagnose(eventIndex: number, rulesText: string, rulesName: string): Promise<Pick<OverrunReport, 'rule' | 'event'>> {
    if (!this.sharedMemory) {
      const stalled = await this.scan(eventIndex, rulesText, rulesName);
      if (stalled === undefined) return {};
      eventIndex = stalled;
    }
    return this.diagnoseEvent(eventIndex, rulesText, rulesName);
  }

  /** The index of the first event from `fromIndex` on that stalls a throwaway worker; undefined when none does. */
  private scan(fromIndex: number, rulesText: string, rulesName: string): Promise<number | undefined> {
    const sample = this.sample!;
    const shared = this.slots();
    const worker = this.spawn(shared);
    return new Promise((resolve) => {
      let lastBeat = -1;
      let changedAt = performance.now();
      const startedAt = performance.now();
      const done = (found: number | undefined) => {
        clearInterval(timer);
        worker.terminate();
        resolve(found);
      };
      const timer = setInterval(() => {
        const now = performance.now();
        const beat = Atomics.load(shared, SLOT.heartbeat);
        if (beat !== lastBeat) {
          lastBeat = beat;
          changedAt = now;
        }
        const scanning = Atomics.load(shared, SLOT.phase) === PHASE.diagnosing;
        if (scanning && now - changedAt > this.stallBudgetMs) done(Atomics.load(shared, SLOT.eventIndex));
        else if (now - startedAt > this.runBudgetMs) done(undefined);
      }, 50);
      worker.onMessage((message: FromWorker) => {
        if (message.type === 'beat') applyBeat(shared, message.slots);
        else if (message.type === 'scanned' || message.type === 'sampleError') done(undefined);
      });
      worker.onError(() => done(undefined));
      worker.postMessage({ type: 'load', sampleId: sample.sampleId, source: sample.source, name: sample.name } satisfies ToWorker);
      worker.postMessage({ type: 'scan', requestId: 0, fromIndex, rulesText, rulesName } satisfies ToWorker);
    });
  }

  private diagnoseEvent(eventIndex: number, rulesText: string, rulesName: string): Promise<Pick<OverrunReport, 'rule' | 'event'>> {
    const sample = this.sample!;
    const shared = this.slots();
    const worker = this.spawn(shared);
    return new Promise((resolve) => {
      let event: OverrunReport['event'];
      let rules: RuleSummary[] = [];
      let lastBeat = -1;
      let changedAt = performance.now();
      const startedAt = performance.now();
      const done = (found: Pick<OverrunReport, 'rule' | 'event'>) => {
        clearInterval(timer);
        worker.terminate();
        resolve(found);
      };
      const timer = setInterval(() => {
        const now = performance.now();
        const beat = Atomics.load(shared, SLOT.heartbeat);
        if (beat !== lastBeat) {
          lastBeat = beat;
          changedAt = now;
        }
        const diagnosing = Atomics.load(shared, SLOT.phase) === PHASE.diagnosing;
        if (diagnosing && now - changedAt > this.stallBudgetMs) {
          const ruleIndex = Atomics.load(shared, SLOT.ruleIndex);
          done({ event, rule: rules.find((rule) => rule.index === ruleIndex) });
        } else if (now - startedAt > this.runBudgetMs) {
          done({ event });
        }
      }, 50);
      worker.onMessage((message: FromWorker) => {
        if (message.type === 'beat') {
          applyBeat(shared, message.slots);
        } else if (message.type === 'diagnosisEvent') {
          event = message.event;
          rules = message.rules;
        } else if (message.type === 'diagnosis') {
          // It finished within the budget this time: name the event, not a rule.
          done({ event: message.event ?? event });
        } else if (message.type === 'sampleError') {
          done({});
        }
      });
      worker.onError(() => done({ event }));
      worker.postMessage({ type: 'load', sampleId: sample.sampleId, source: sample.source, name: sample.name } satisfies ToWorker);
      worker.postMessage({ type: 'diagnose', requestId: 0, eventIndex, rulesText, rulesName } satisfies ToWorker);
    });
  }
}

/** A worker's `beat` message into the runner's copy of its slots (latestRun stays the runner's). */
function applyBeat(shared: Int32Array, slots: readonly number[]): void {
  WORKER_SLOTS.forEach((slot, index) => Atomics.store(shared, slot, slots[index] ?? 0));
}

function overrunMessage(budgetMs: number, phase: string, found: Pick<OverrunReport, 'rule' | 'event'>): string {
  const seconds = `${(budgetMs / 1000).toLocaleString('en-US')} s`;
  if (found.rule !== undefined && found.event !== undefined) {
    return (
      `Stopped: the rule at line ${found.rule.line} (channel "${found.rule.channel}") ran for more than ${seconds} ` +
      `on the event at line ${found.event.line} of the sample. A regex that backtracks catastrophically is the usual cause.`
    );
  }
  if (found.event !== undefined) return `Stopped: classifying the event at line ${found.event.line} took more than ${seconds}.`;
  return `Stopped: the run spent more than ${seconds} ${phase === 'reading' ? 'reading the sample' : 'computing the report'}.`;
}
