// The default of --threads under a cgroup memory limit (cli/memory-limit, cli/threads-flag):
// the limit found from the process's group up to the mount, v1 and v2, in /proc and /sys
// files as Linux writes them; then, where this machine lets a test make a cgroup (root,
// cgroup v1's `memory` hierarchy or v2's `memory` controller), the CLI run in one.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLimit } from '../../cli/memory-limit';
import { defaultThreads, MEMORY_PER_THREAD } from '../../cli/threads-flag';
import { systemFiles } from '../support/system-files';
import { makeTestCgroup, testCgroupParent, type TestCgroup, type TestCgroupSpec } from '../support/test-cgroup';

const MIB = 1024 * 1024;

describe('the cgroup memory limit', () => {
  it('is cgroup v2 memory.max, the tightest from the group up to the mount, "max" for none', () => {
    expect(memoryLimit(systemFiles({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cgroup.controllers': 'cpu memory', '/sys/fs/cgroup/memory.max': '536870912\n' }))).toBe(512 * MIB);
    const nested = {
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/sys/fs/cgroup/kubepods/pod1/ctr/cgroup.controllers': 'memory',
      '/sys/fs/cgroup/kubepods/pod1/ctr/memory.max': 'max\n',
      '/sys/fs/cgroup/kubepods/pod1/memory.max': '268435456\n',
      '/sys/fs/cgroup/kubepods/memory.max': '1073741824\n',
    };
    expect(memoryLimit(systemFiles(nested))).toBe(256 * MIB);
    expect(memoryLimit(systemFiles({ ...nested, '/sys/fs/cgroup/kubepods/pod1/memory.max': 'max\n', '/sys/fs/cgroup/kubepods/memory.max': 'max\n' }))).toBeUndefined();
    // Not a v2 group here (no cgroup.controllers): nothing is read.
    expect(memoryLimit(systemFiles({ '/proc/self/cgroup': '0::/x\n', '/sys/fs/cgroup/x/memory.max': '1048576' }))).toBeUndefined();
  });

  it("is cgroup v1 memory.limit_in_bytes, the kernel's largest value meaning none", () => {
    const group = '/sys/fs/cgroup/memory/docker/abc';
    const v1 = {
      '/proc/self/cgroup': '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n',
      [`${group}/memory.limit_in_bytes`]: '209715200\n',
      '/sys/fs/cgroup/memory/docker/memory.limit_in_bytes': '9223372036854771712\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
    };
    expect(memoryLimit(systemFiles(v1))).toBe(200 * MIB);
    expect(memoryLimit(systemFiles({ ...v1, [`${group}/memory.limit_in_bytes`]: '9223372036854771712\n' }))).toBeUndefined();
    // A parent's limit binds the group below it.
    expect(memoryLimit(systemFiles({ ...v1, [`${group}/memory.limit_in_bytes`]: '9223372036854771712\n', '/sys/fs/cgroup/memory/docker/memory.limit_in_bytes': '104857600\n' }))).toBe(100 * MIB);
    // The v1 `memory` line wins over the v2 line, whatever their order.
    expect(memoryLimit(systemFiles({ ...v1, '/proc/self/cgroup': '0::/\n12:memory:/docker/abc\n', '/sys/fs/cgroup/cgroup.controllers': 'memory', '/sys/fs/cgroup/memory.max': '1048576' }))).toBe(200 * MIB);
  });

  it("finds a v1 group bind-mounted at a container's mount through mountinfo", () => {
    const mountinfo = [
      '611 610 0:55 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755',
      '615 611 0:30 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct',
      '616 611 0:31 /docker/abc /mnt/memory ro,nosuid - cgroup cgroup rw,memory',
      '',
    ].join('\n');
    expect(
      memoryLimit(
        systemFiles({
          '/proc/self/cgroup': '12:memory:/docker/abc\n',
          '/proc/self/mountinfo': mountinfo,
          '/mnt/memory/memory.limit_in_bytes': '314572800\n',
        }),
      ),
    ).toBe(300 * MIB);
  });

  it('is none when the files are not there or say nothing', () => {
    expect(memoryLimit(systemFiles({}))).toBeUndefined();
    expect(memoryLimit(systemFiles({ '/proc/self/cgroup': 'garbage\n' }))).toBeUndefined();
    expect(memoryLimit(systemFiles({ '/proc/self/cgroup': '0::/../outside\n', '/sys/fs/cgroup/cgroup.controllers': 'memory', '/sys/fs/cgroup/memory.max': '1048576' }))).toBeUndefined();
    expect(memoryLimit(systemFiles({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cgroup.controllers': 'memory', '/sys/fs/cgroup/memory.max': '-1' }))).toBeUndefined();
  });

  it('gives the default of --threads one thread per 256 MiB of the limit, at least one, never above the CPUs', () => {
    const cpus = os.availableParallelism();
    expect(MEMORY_PER_THREAD).toBe(256 * MIB);
    expect(defaultThreads({ cpuQuota: 1000, memory: 64 * MIB })).toBe(1);
    expect(defaultThreads({ cpuQuota: 1000, memory: 511 * MIB })).toBe(1);
    expect(defaultThreads({ cpuQuota: 1000, memory: 512 * MIB })).toBe(Math.min(cpus, 2));
    expect(defaultThreads({ cpuQuota: 1000, memory: 1024 ** 4 })).toBe(cpus);
    // The tighter of the CPU quota and the memory limit.
    expect(defaultThreads({ cpuQuota: 1.5, memory: 1024 ** 4 })).toBe(1);
  });
});

const LIMIT = String(300 * MIB);
const LIMITED: TestCgroupSpec = {
  name: 'memory',
  v1: { mount: '/sys/fs/cgroup/memory', files: { 'memory.limit_in_bytes': LIMIT } },
  v2: { controller: 'memory', files: { 'memory.max': LIMIT } },
};

describe('the CLI under a memory limit', () => {
  const parent = testCgroupParent(LIMITED);
  if (parent === undefined) console.log('memory-limit: the CLI in a cgroup skipped (run as root on Linux with a writable cgroup memory hierarchy to test)');
  let group: TestCgroup | undefined;
  let dir: string | undefined;
  beforeAll(() => {
    if (parent !== undefined) group = makeTestCgroup(LIMITED, parent);
    dir = mkdtempSync(path.join(os.tmpdir(), 'channel-rules-memory-'));
  });
  afterAll(() => {
    group?.remove();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(parent === undefined)('reads on one thread by default in a group of 300 MiB, and reports there', () => {
    const help = group!.runCli(['report', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/cores this process may use, 1 here/);
    // A file of several ranges, so that --threads would start workers: the default reads it in the group.
    const events = path.join(dir!, 'events.ndjson');
    const line = (k: number) => JSON.stringify({ user_id: `u${k % 500}`, time: new Date(Date.UTC(2024, 2, 1) + k * 1000).toISOString(), event_type: k % 10 === 9 ? 'purchase' : 'view', utm_source: 'google', utm_medium: k % 2 === 0 ? 'cpc' : 'organic' });
    writeFileSync(events, `${Array.from({ length: 40_000 }, (_, k) => line(k)).join('\n')}\n`);
    const report = group!.runCli(['report', 'examples/ga4-default.channels', '--events', events, '--format', 'json']);
    expect(report.status, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).events).toBe(40_000);
  });
});
