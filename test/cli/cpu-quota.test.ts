// The default of --threads under a cgroup CPU quota (cli/cpu-quota, cli/threads-flag):
// the quota found as Rust's standard library finds it, from the process's group up to
// the mount, v1 and v2, in /proc and /sys files as Linux writes them; then, where this
// machine lets a test make a cgroup (root, cgroup v1's `cpu` hierarchy or v2's `cpu`
// controller), the CLI run in one with a quota of one CPU.

import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuQuota } from '../../cli/cpu-quota';
import { systemFiles } from '../support/system-files';
import { defaultThreads } from '../../cli/threads-flag';
import { makeTestCgroup, testCgroupParent, type TestCgroup, type TestCgroupSpec } from '../support/test-cgroup';

describe('the cgroup CPU quota', () => {
  it('is cgroup v2 cpu.max, the tightest from the group up to the mount', () => {
    expect(cpuQuota(systemFiles({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cgroup.controllers': 'cpu memory', '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2);
    const nested = {
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/sys/fs/cgroup/kubepods/pod1/ctr/cgroup.controllers': 'cpu',
      '/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': '150000 100000\n',
      '/sys/fs/cgroup/kubepods/cpu.max': '400000 100000\n',
    };
    expect(cpuQuota(systemFiles(nested))).toBe(1.5);
    expect(cpuQuota(systemFiles({ ...nested, '/sys/fs/cgroup/kubepods/pod1/cpu.max': 'max 100000\n', '/sys/fs/cgroup/kubepods/cpu.max': 'max 100000\n' }))).toBeUndefined();
    // Not a v2 group here (no cgroup.controllers): nothing is read.
    expect(cpuQuota(systemFiles({ '/proc/self/cgroup': '0::/x\n', '/sys/fs/cgroup/x/cpu.max': '100000 100000' }))).toBeUndefined();
  });

  it('is cgroup v1 cpu.cfs_quota_us over cpu.cfs_period_us, -1 for none', () => {
    const group = '/sys/fs/cgroup/cpu,cpuacct/docker/abc';
    const v1 = {
      '/proc/self/cgroup': '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n',
      [`${group}/cpu.cfs_quota_us`]: '50000\n',
      [`${group}/cpu.cfs_period_us`]: '100000\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_period_us': '100000\n',
    };
    expect(cpuQuota(systemFiles(v1))).toBe(0.5);
    expect(cpuQuota(systemFiles({ ...v1, [`${group}/cpu.cfs_quota_us`]: '-1\n' }))).toBeUndefined();
    // The v1 `cpu` line wins over the v2 line, whatever their order.
    expect(cpuQuota(systemFiles({ ...v1, '/proc/self/cgroup': '0::/\n4:cpu,cpuacct:/docker/abc\n', '/sys/fs/cgroup/cgroup.controllers': 'cpu', '/sys/fs/cgroup/cpu.max': '800000 100000' }))).toBe(0.5);
  });

  it("finds a v1 group bind-mounted at a container's mount through mountinfo", () => {
    const mountinfo = [
      '611 610 0:55 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755',
      '615 611 0:30 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct',
      '616 611 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory',
      '',
    ].join('\n');
    expect(
      cpuQuota(
        systemFiles({
          '/proc/self/cgroup': '4:cpu,cpuacct:/docker/abc\n',
          '/proc/self/mountinfo': mountinfo,
          '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '300000\n',
          '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
        }),
      ),
    ).toBe(3);
  });

  it('is none when the files are not there or say nothing', () => {
    expect(cpuQuota(systemFiles({}))).toBeUndefined();
    expect(cpuQuota(systemFiles({ '/proc/self/cgroup': 'garbage\n' }))).toBeUndefined();
    expect(cpuQuota(systemFiles({ '/proc/self/cgroup': '0::/../outside\n', '/sys/fs/cgroup/cgroup.controllers': 'cpu', '/sys/fs/cgroup/cpu.max': '100000 100000' }))).toBeUndefined();
    expect(cpuQuota(systemFiles({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cgroup.controllers': 'cpu', '/sys/fs/cgroup/cpu.max': '100000 0' }))).toBeUndefined();
  });

  it('rounds the default of --threads down, at least one, never above the CPUs', () => {
    const cpus = os.availableParallelism();
    expect(defaultThreads({})).toBe(cpus);
    expect(defaultThreads({ cpuQuota: 0.5 })).toBe(1);
    expect(defaultThreads({ cpuQuota: 1.9 })).toBe(1);
    expect(defaultThreads({ cpuQuota: cpus + 0.5 })).toBe(cpus);
    expect(defaultThreads({ cpuQuota: 1000 })).toBe(cpus);
  });
});

const ONE_CPU: TestCgroupSpec = {
  name: 'cpu',
  v1: { mount: '/sys/fs/cgroup/cpu', files: { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '100000' } },
  v2: { controller: 'cpu', files: { 'cpu.max': '100000 100000' } },
};

describe('the CLI under a CPU quota', () => {
  const parent = testCgroupParent(ONE_CPU);
  if (parent === undefined) console.log('cpu-quota: the CLI in a cgroup skipped (run as root on Linux with a writable cgroup cpu hierarchy to test)');
  let group: TestCgroup | undefined;
  beforeAll(() => {
    if (parent !== undefined) group = makeTestCgroup(ONE_CPU, parent);
  });
  afterAll(() => group?.remove());

  it.skipIf(parent === undefined)('reads on one thread by default in a group of one CPU', () => {
    const run = group!.runCli(['report', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/cores this process may use, 1 here/);
  });
});
