// `--threads N` (report, classify, diff --events): how many threads read the events (engine/report/threaded-report).
// Default: one per core the process may use: the CPUs it may run on, or its cgroup's
// CPU quota when that is lower (./cpu-quota), rounded down as Rust's standard library
// rounds it; at most one per MEMORY_PER_THREAD of its cgroup's memory limit
// (./memory-limit); and at least one. `CHANNEL_RULES_RANGE_SIZE` (bytes) is for tests
// only: small ranges so that tiny files are cut as a large file is.

import os from 'node:os';
import { UsageError } from './command';
import { cpuQuota } from './cpu-quota';
import { memoryLimit } from './memory-limit';

/**
 * The memory limit each reading thread of the default needs. A second thread costs
 * about 40 MiB of its own (a V8 isolate, its scanner's memory, its ranges in flight), and
 * the kernel kills a run over the limit without a word: the 1M-event bench file on two
 * threads was killed under 135 MiB and ended under 150 MiB, on one thread it ended
 * under 100 MiB (docs/events-and-reports.md, "Under a memory limit"). Below 512 MiB the
 * default is one thread, which leaves every byte to the events; `--threads` still says
 * otherwise.
 */
export const MEMORY_PER_THREAD = 256 * 1024 * 1024;

export const THREADS_FLAG = { threads: { type: 'string', trimmed: true } } as const;

export const THREADS_HELP = `  --threads N             threads that read and classify the events (default: the
                          cores this process may use, ${defaultThreads()} here: the CPUs, or a
                          cgroup's CPU quota when lower, and at most one per
                          256 MiB of a cgroup's memory limit); 1 reads on one thread.
                          NDJSON (and .json holding NDJSON) is cut into ranges of
                          lines, also in .gz and in each .zip entry; JSON arrays,
                          CSV and Parquet are read on one thread.
                          The report is the same either way.`;

/** The process's cgroup limits that the default counts (tests give their own; absent: none). */
export interface ThreadLimits {
  /** The CPU quota in CPUs. */
  cpuQuota?: number;
  /** The memory limit in bytes. */
  memory?: number;
}

export function defaultThreads(limits: ThreadLimits = { cpuQuota: cpuQuota(), memory: memoryLimit() }): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const byQuota = limits.cpuQuota === undefined ? cpus : Math.floor(limits.cpuQuota);
  const byMemory = limits.memory === undefined ? cpus : Math.floor(limits.memory / MEMORY_PER_THREAD);
  return Math.max(1, Math.min(cpus, byQuota, byMemory));
}

export function threadsOption(command: string, value: string | undefined): number {
  if (value === undefined) return defaultThreads();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) {
    throw new UsageError(`${command}: --threads must be a whole number from 1 to 256, not "${value}"`);
  }
  return Number(value);
}

/** The range size tests ask for (undefined: the default). */
export function rangeSizeFromEnvironment(): number | undefined {
  const value = process.env.CHANNEL_RULES_RANGE_SIZE;
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) return undefined;
  return Number(value);
}
