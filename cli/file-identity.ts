// Which file a path names is the kernel's answer, not the path's text. `link/../r.channels`
// is ./r.channels to path.resolve, but the kernel follows `link` first and opens the
// r.channels beside its target, another file. So two paths are one file when they reach
// the same device and inode (through ./, an absolute path, a symbolic or a hard link),
// and a path that reaches nothing (missing, not permitted) is known by its resolved path.

import fs from 'node:fs';
import { resolvePath } from '../engine/working-directory';

/** The device and inode of the file `file` opens (through any links), or undefined when it cannot be reached. */
export function deviceAndInode(file: string): string | undefined {
  try {
    // bigint: an inode number past 2^53 is not rounded into another file's.
    const stat = fs.statSync(file, { bigint: true });
    // Some file systems (FUSE, network mounts, FAT) give every file inode 0: no identity there.
    return stat.ino === 0n ? undefined : `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** A key equal for two paths exactly when they name one file: its device and inode, else its resolved path. */
export function fileIdentity(file: string): string {
  const inode = deviceAndInode(file);
  return inode === undefined ? `path ${resolvePath(file)}` : `inode ${inode}`;
}
