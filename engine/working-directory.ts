// The process's current directory can be gone: a folder deleted while a shell still sits
// in it (`cd build && rm -rf ../build`). Node's process.cwd() then throws (`ENOENT …
// uv_cwd`, and so does path.resolve of a relative path), and a relative path names
// nothing: opening one fails with ENOENT, which alone would read as a missing file.
// A run that names its files by absolute paths needs no current directory at all, so
// nothing asks for it before a relative path does; then the reason is said as this, in
// the same words whoever meets it (a file not found, a path made absolute, Node's error).

import { isAbsolute, resolve } from 'node:path';

/** The one message for a relative path while the current directory has been deleted. */
export const RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY = 'a relative path needs the current directory, which has been deleted: run from an existing directory, or give absolute paths';

/** A relative path (./resolvePath) met while the current directory has been deleted: the message names it. */
export class NoWorkingDirectoryError extends Error {
  constructor(readonly file: string) {
    super(`${file}: ${RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY}`);
    this.name = 'NoWorkingDirectoryError';
  }
}

/**
 * The current directory, or undefined when it has been deleted. `read` is where it is
 * read from (the CLI's CommandIO.cwd, whose getter throws Node's error then).
 */
export function workingDirectory(read: () => string = () => process.cwd()): string | undefined {
  try {
    return read();
  } catch (error) {
    if (isNoWorkingDirectoryError(error)) return undefined;
    throw error;
  }
}

/**
 * `file` as an absolute path. An absolute `file` never asks for the current directory
 * (path.resolve(cwd, file) read it first, so a run in a deleted one failed even when
 * given absolute paths); a relative one is resolved against `read()` (the current
 * directory unless given), and when that has been deleted a NoWorkingDirectoryError
 * names `file`.
 */
export function resolvePath(file: string, read: () => string = () => process.cwd()): string {
  if (isAbsolute(file)) return resolve(file);
  const base = workingDirectory(read);
  if (base === undefined) throw new NoWorkingDirectoryError(file);
  return resolve(base, file);
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
  return path !== undefined && !isAbsolute(path) && workingDirectory() === undefined ? RELATIVE_PATH_WITHOUT_WORKING_DIRECTORY : 'no such file';
}
