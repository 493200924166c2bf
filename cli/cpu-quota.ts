// The CPU quota of the process's cgroup (Linux): `docker run --cpus 2`, a Kubernetes CPU
// limit, systemd's CPUQuota=. A quota caps the CPU time of all the process's threads
// but not the CPUs they may run on, so os.availableParallelism() (the affinity mask)
// still counts every CPU of the host, and a run with a thread per CPU of a 64-core host
// under a 2-CPU quota would take turns on its 2 CPUs' worth of time, and hold the
// memory of 64 threads. The default of `--threads` takes the quota into account, as
// Rust's std::thread::available_parallelism and Go's GOMAXPROCS do, found as Rust's
// standard library finds it (./cgroup): `cpu.max` on v2, `cpu.cfs_quota_us` over
// `cpu.cfs_period_us` on v1 (/sys/fs/cgroup/cpu, /sys/fs/cgroup/cpu,cpuacct, or the
// `cpu` mount in /proc/self/mountinfo).

import path from 'node:path';
import { readSystemFile, type SystemFileReader } from '../engine/system-files';
import { cgroupLimit, type CgroupLimitFiles } from './cgroup';

const CPU_FILES: CgroupLimitFiles = {
  controller: 'cpu',
  v1Mounts: ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct'],
  v1Marker: 'cpu.cfs_period_us',
  v1Level: (dir, read) => cfsQuota(read(path.posix.join(dir, 'cpu.cfs_quota_us')), read(path.posix.join(dir, 'cpu.cfs_period_us'))),
  v2Level: (dir, read) => cpuMax(read(path.posix.join(dir, 'cpu.max'))),
};

/** The cgroup CPU quota in CPUs (1.5: one and a half CPUs' worth of time), or undefined when there is none or it cannot be read. */
export function cpuQuota(read: SystemFileReader = readSystemFile): number | undefined {
  return cgroupLimit(CPU_FILES, read);
}

/** v2's cpu.max: "max 100000" (no quota) or "200000 100000" (two CPUs). */
function cpuMax(text: string | undefined): number | undefined {
  const [limit, period] = (text ?? '').trim().split(/\s+/);
  return ratio(limit, period);
}

/** v1's cpu.cfs_quota_us ("-1": no quota) over cpu.cfs_period_us. */
function cfsQuota(quota: string | undefined, period: string | undefined): number | undefined {
  return ratio(quota?.trim(), period?.trim());
}

function ratio(limit: string | undefined, period: string | undefined): number | undefined {
  if (limit === undefined || period === undefined || !/^\d+$/.test(limit) || !/^\d+$/.test(period) || Number(period) === 0) return undefined;
  return Number(limit) / Number(period);
}
