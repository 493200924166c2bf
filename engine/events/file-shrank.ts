// An events file that got shorter while it was read (rewritten, truncated, rotated in
// place): its readers know how long it was when the run began (stat), and a read that
// ends before that is not the file's end but the file changed under them. What was read
// is then not the file, nor any version of it, so the run stops rather than report on
// part of it (a 563 MB file truncated mid-run gave a report of 44,633 events, exit 0).

import { EventFileError } from './event-format';

/** The run's one line for `path`, `size` bytes long when reading began, found to end at byte `end`. */
export function fileShrankError(path: string, size: number, end: number): EventFileError {
  return new EventFileError(`${path}: the events file changed while it was read: it shrank from ${size} bytes to ${end}`);
}
