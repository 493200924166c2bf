// The kernel's text files that describe the process and its limits (/proc, /sys on
// Linux), read by ./address-space and cli/cgroup (the CPU quota, the memory limit).
// Absent or unreadable (another system, a sandbox that hides them) is undefined: each
// caller then assumes no limit.

import { readFileSync } from 'node:fs';

/** Reads a file's text; undefined when it cannot (tests give their own). */
export type SystemFileReader = (file: string) => string | undefined;

export const readSystemFile: SystemFileReader = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
