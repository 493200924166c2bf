// A limit of the process's cgroup (Linux), found as Rust's standard library finds the
// CPU quota (library/std/src/sys/pal/unix/thread.rs, `cgroups::quota`): the process's
// group in /proc/self/cgroup (a cgroup v1 line with the controller before the v2 line),
// then the tightest limit from that group up to the mount: on v2 one file per level
// under /sys/fs/cgroup; on v1 under the controller's mount (/sys/fs/cgroup/<controller>
// and the like, or the mount named in /proc/self/mountinfo, with a bind-mounted prefix
// taken off the group). Used for the CPU quota (./cpu-quota) and the memory limit
// (./memory-limit) that the default of `--threads` counts.

import path from 'node:path';
import type { SystemFileReader } from '../engine/system-files';

const V2_MOUNT = '/sys/fs/cgroup';

export interface CgroupLimitFiles {
  /** The v1 controller's name in /proc/self/cgroup and in a mount's options: `cpu`, `memory`. */
  controller: string;
  /** Where v1 hierarchies of this controller are usually mounted. */
  v1Mounts: readonly string[];
  /** A file every v1 group of this controller has (it tells a mount from a missing one). */
  v1Marker: string;
  /** One v1 level's limit, undefined for none. */
  v1Level: (dir: string, read: SystemFileReader) => number | undefined;
  /** One v2 level's limit, undefined for none. */
  v2Level: (dir: string, read: SystemFileReader) => number | undefined;
}

/** The tightest limit on the process's group and the groups above it; undefined when there is none or it cannot be read. */
export function cgroupLimit(files: CgroupLimitFiles, read: SystemFileReader): number | undefined {
  const own = ownGroup(read('/proc/self/cgroup'), files.controller);
  if (own === undefined) return undefined;
  if (own.version === 2) {
    const leaf = path.posix.join(V2_MOUNT, own.group);
    if (read(path.posix.join(leaf, 'cgroup.controllers')) === undefined) return undefined;
    return tightest(V2_MOUNT, leaf, (dir) => files.v2Level(dir, read));
  }
  const level = (dir: string): number | undefined => files.v1Level(dir, read);
  for (const mount of files.v1Mounts) {
    const leaf = path.posix.join(mount, own.group);
    if (read(path.posix.join(leaf, files.v1Marker)) !== undefined) return tightest(mount, leaf, level);
  }
  const mounted = v1Mountpoint(read('/proc/self/mountinfo'), own.group, files.controller);
  return mounted === undefined ? undefined : tightest(mounted.mount, path.posix.join(mounted.mount, mounted.group), level);
}

/** The group of the process, from /proc/self/cgroup ("id:controllers:path" per line): the v1 controller's line wins over the v2 line. */
function ownGroup(text: string | undefined, controller: string): { version: 1 | 2; group: string } | undefined {
  if (text === undefined) return undefined;
  let found: { version: 1 | 2; group: string } | undefined;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const version = controllers === '' ? 2 : controllers.split(',').includes(controller) ? 1 : undefined;
    if (version === undefined || (version === 2 && found !== undefined)) continue;
    const group = line.slice(second + 1).replace(/^\/+/, '');
    // A path that climbs out of the mount (a group outside this cgroup namespace) names nothing readable here.
    if (group.split('/').includes('..')) continue;
    found = { version, group };
  }
  return found;
}

/** The smallest limit of `leaf` and each directory above it, up to and including `mount`. */
function tightest(mount: string, leaf: string, level: (dir: string) => number | undefined): number | undefined {
  let limit: number | undefined;
  for (let dir = leaf; ; dir = path.posix.dirname(dir)) {
    const here = level(dir);
    if (here !== undefined && (limit === undefined || here < limit)) limit = here;
    if (dir === mount || !dir.startsWith(`${mount}/`)) return limit;
  }
}

/**
 * The v1 hierarchy of `controller` in /proc/self/mountinfo, and the group below it: a
 * container's mount may be a bind mount of its own group (root field `/docker/abc`),
 * whose prefix is then taken off the group path.
 */
function v1Mountpoint(text: string | undefined, group: string, controller: string): { mount: string; group: string } | undefined {
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    // "36 35 98:0 /root /mnt rw,noatime shared:1 - cgroup cgroup rw,cpu,cpuacct": fields, then " - ", type, source, super options.
    const [mountPart, fsPart] = line.split(' - ');
    if (mountPart === undefined || fsPart === undefined) continue;
    const fields = mountPart.split(' ');
    const [type, , options] = fsPart.split(' ');
    if (type !== 'cgroup' || options === undefined || !options.split(',').includes(controller)) continue;
    const root = (fields[3] ?? '').replace(/^\/+/, '');
    const mount = fields[4];
    if (mount === undefined) continue;
    if (root !== '' && group !== root && !group.startsWith(`${root}/`)) continue;
    return { mount, group: root === '' ? group : group.slice(root.length).replace(/^\/+/, '') };
  }
  return undefined;
}
