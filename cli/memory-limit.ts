// The memory limit of the process's cgroup (Linux): `docker run --memory`, a Kubernetes
// memory limit, systemd's MemoryMax=. A run that needs more is ended by the kernel with
// SIGKILL, no message (docs/events-and-reports.md, "Under a memory limit"), and each
// reading thread costs memory of its own, so the default of `--threads` counts the
// limit (./threads-flag). Found as the CPU quota is (./cgroup): `memory.max` on v2
// ("max": none), `memory.limit_in_bytes` on v1 (/sys/fs/cgroup/memory, or the `memory`
// mount in /proc/self/mountinfo; the kernel writes 9223372036854771712 for none).

import path from 'node:path';
import { readSystemFile, type SystemFileReader } from '../engine/system-files';
import { cgroupLimit, type CgroupLimitFiles } from './cgroup';

const MEMORY_FILES: CgroupLimitFiles = {
  controller: 'memory',
  v1Mounts: ['/sys/fs/cgroup/memory'],
  v1Marker: 'memory.limit_in_bytes',
  v1Level: (dir, read) => bytes(read(path.posix.join(dir, 'memory.limit_in_bytes'))),
  v2Level: (dir, read) => bytes(read(path.posix.join(dir, 'memory.max'))),
};

/** The cgroup memory limit in bytes, or undefined when there is none or it cannot be read. */
export function memoryLimit(read: SystemFileReader = readSystemFile): number | undefined {
  return cgroupLimit(MEMORY_FILES, read);
}

/** A limit file's bytes; "max", v1's page-counter maximum and anything past 2^53 bytes mean none. */
function bytes(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const limit = Number(value);
  return Number.isSafeInteger(limit) ? limit : undefined;
}
