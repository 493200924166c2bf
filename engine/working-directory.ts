// The process's current directory can be gone: a folder deleted while a shell still sits
// in it (`cd build && rm -rf ../build`). Node's process.cwd() then throws (`ENOENT …
// uv_cwd`, and so does path.resolve of a relative path), and a relative path names
// nothing: opening one fails with ENOENT, which alone would read as a missing file.
// A run that names its files by absolute paths needs no current directory at all, so
// nothing asks for it before a relative path does; then the reason is said as this.

import { isAbsolute } from 'node:path';

/** The reason, said after a relative path that was not found. */
export const NO_WORKING_DIRECTORY = 'the current directory has been deleted';

/** The message of a run stopped by Node's error for it (./isNoWorkingDirectoryError). */
export const RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY = 'a relative path needs the current directory, which has been deleted (run from an existing directory, or give absolute paths)';

/** The current directory, or undefined when it has been deleted. */
export function workingDirectory(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** Node's error for a current directory that is gone (process.cwd(), path.resolve of a relative path). */
export function isNoWorkingDirectoryError(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'uv_cwd';
}

/**
 * Why `path` was not found (ENOENT): the current directory it is relative to is gone, or
 * simply "no such file". `path` undefined: an error that does not say its path.
 */
export function noSuchFileReason(path: string | undefined): string {
  return path !== undefined && !isAbsolute(path) && workingDirectory() === undefined ? `no such file: ${NO_WORKING_DIRECTORY}` : 'no such file';
}
