// `--threads N` (report, classify, diff --events): how many threads read the events (engine/report/threaded-report).
// Default: one per core the process may use: the CPUs it may run on, or its cgroup's
// CPU quota when that is lower (./cpu-quota), rounded down as Rust's standard library
// rounds it, and at least one. `CHANNEL_RULES_RANGE_SIZE` (bytes) is for tests only: small
// ranges so that tiny files are cut as a large file is.

import os from 'node:os';
import { UsageError } from './command';
import { cpuQuota } from './cpu-quota';

export const THREADS_FLAG = { threads: { type: 'string' } } as const;

export const THREADS_HELP = `  --threads N             threads that read and classify the events (default: the
                          cores this process may use, ${defaultThreads()} here: the CPUs, or a
                          cgroup's CPU quota when lower); 1 reads on one thread.
                          NDJSON (and .json holding NDJSON) is cut into ranges of
                          lines, also in .gz and in each .zip entry; JSON arrays,
                          CSV and Parquet are read on one thread.
                          The report is the same either way.`;

export function defaultThreads(quota: number | undefined = cpuQuota()): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cpus, quota === undefined ? cpus : Math.floor(quota)));
}

export function threadsOption(command: string, value: string | undefined): number {
  if (value === undefined) return defaultThreads();
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 256) {
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
