// The CPU quota of the process's cgroup (Linux): `docker run --cpus 2`, a Kubernetes CPU
// limit, systemd's CPUQuota=. A quota caps the CPU time of all the process's threads
// but not the CPUs they may run on, so os.availableParallelism() (the affinity mask)
// still counts every CPU of the host, and a run with a thread per CPU of a 64-core host
// under a 2-CPU quota would take turns on its 2 CPUs' worth of time, and hold the
// memory of 64 threads. The default of `--threads` takes the quota into account, as
// Rust's std::thread::available_parallelism and Go's GOMAXPROCS do; the quota is found
// as Rust's standard library finds it (library/std/src/sys/pal/unix/thread.rs,
// `cgroups::quota`): the process's group in /proc/self/cgroup (a cgroup v1 line with
// the `cpu` controller before the v2 line), then the tightest quota from that group up
// to the mount: `cpu.max` on v2 (/sys/fs/cgroup), `cpu.cfs_quota_us` over
// `cpu.cfs_period_us` on v1 (/sys/fs/cgroup/cpu, /sys/fs/cgroup/cpu,cpuacct, or the
// `cpu` mount in /proc/self/mountinfo with a bind-mounted prefix taken off the group).

import path from 'node:path';
import { readSystemFile, type SystemFileReader } from '../engine/system-files';

const V2_MOUNT = '/sys/fs/cgroup';
const V1_MOUNTS = ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct'];

/** The cgroup CPU quota in CPUs (1.5: one and a half CPUs' worth of time), or undefined when there is none or it cannot be read. */
export function cpuQuota(read: SystemFileReader = readSystemFile): number | undefined {
  const own = ownGroup(read('/proc/self/cgroup'));
  if (own === undefined) return undefined;
  return own.version === 2 ? quotaV2(own.group, read) : quotaV1(own.group, read);
}

/** The group of the process, from /proc/self/cgroup ("id:controllers:path" per line): the v1 `cpu` controller's line wins over the v2 line. */
function ownGroup(text: string | undefined): { version: 1 | 2; group: string } | undefined {
  if (text === undefined) return undefined;
  let found: { version: 1 | 2; group: string } | undefined;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const version = controllers === '' ? 2 : controllers.split(',').includes('cpu') ? 1 : undefined;
    if (version === undefined || (version === 2 && found !== undefined)) continue;
    const group = line.slice(second + 1).replace(/^\/+/, '');
    // A path that climbs out of the mount (a group outside this cgroup namespace) names nothing readable here.
    if (group.split('/').includes('..')) continue;
    found = { version, group };
  }
  return found;
}

function quotaV2(group: string, read: SystemFileReader): number | undefined {
  const leaf = path.posix.join(V2_MOUNT, group);
  if (read(path.posix.join(leaf, 'cgroup.controllers')) === undefined) return undefined;
  return tightest(V2_MOUNT, leaf, (dir) => cpuMax(read(path.posix.join(dir, 'cpu.max'))));
}

function quotaV1(group: string, read: SystemFileReader): number | undefined {
  const level = (dir: string): number | undefined => cfsQuota(read(path.posix.join(dir, 'cpu.cfs_quota_us')), read(path.posix.join(dir, 'cpu.cfs_period_us')));
  for (const mount of V1_MOUNTS) {
    const leaf = path.posix.join(mount, group);
    if (read(path.posix.join(leaf, 'cpu.cfs_period_us')) !== undefined) return tightest(mount, leaf, level);
  }
  const mounted = v1Mountpoint(read('/proc/self/mountinfo'), group);
  return mounted === undefined ? undefined : tightest(mounted.mount, path.posix.join(mounted.mount, mounted.group), level);
}

/** The smallest quota of `leaf` and each directory above it, up to and including `mount`. */
function tightest(mount: string, leaf: string, level: (dir: string) => number | undefined): number | undefined {
  let quota: number | undefined;
  for (let dir = leaf; ; dir = path.posix.dirname(dir)) {
    const here = level(dir);
    if (here !== undefined && (quota === undefined || here < quota)) quota = here;
    if (dir === mount || !dir.startsWith(`${mount}/`)) return quota;
  }
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

/**
 * The v1 `cpu` hierarchy's mount in /proc/self/mountinfo, and the group below it: a
 * container's mount may be a bind mount of its own group (root field `/docker/abc`),
 * whose prefix is then taken off the group path.
 */
function v1Mountpoint(text: string | undefined, group: string): { mount: string; group: string } | undefined {
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    // "36 35 98:0 /root /mnt rw,noatime shared:1 - cgroup cgroup rw,cpu,cpuacct": fields, then " - ", type, source, super options.
    const [mountPart, fsPart] = line.split(' - ');
    if (mountPart === undefined || fsPart === undefined) continue;
    const fields = mountPart.split(' ');
    const [type, , options] = fsPart.split(' ');
    if (type !== 'cgroup' || options === undefined || !options.split(',').includes('cpu')) continue;
    const root = (fields[3] ?? '').replace(/^\/+/, '');
    const mount = fields[4];
    if (mount === undefined) continue;
    if (root !== '' && group !== root && !group.startsWith(`${root}/`)) continue;
    return { mount, group: root === '' ? group : group.slice(root.length).replace(/^\/+/, '') };
  }
  return undefined;
}
