// Temporary folders (a copy of standard input or of a zip entry, engine/events/read-events)
// removed however the process ends. Their reader removes them in a `finally`, which never
// runs when the run ends early: process.exit (the reader of `| head` went away, `>
// /dev/full`) ends the process without unwinding, and SIGINT, SIGTERM or SIGHUP kill it
// outright. So each folder is registered here while it exists, and removed synchronously
// on 'exit' and on those signals; then the signal is raised again with its default action,
// so that the process still ends as the signal ends it (status 130, 143, 129 in a shell)
// and no thread lingers.
//
// The listeners are there only while a folder is: a process with none behaves as if this
// module were not loaded. A signal that something else in the process listens to too is
// that listener's to answer (the process may go on): the folders then go at its exit.

import { rmSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const folders = new Set<string>();
/** The signals that end a run by default and may arrive while a folder exists. */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Registers `folder` to be removed if the process ends while it exists; call the function
 * returned once the folder has been removed (or handed on) in the ordinary way.
 */
export function removeAtExit(folder: string): () => void {
  if (folders.size === 0) listen();
  folders.add(folder);
  return () => {
    if (folders.delete(folder) && folders.size === 0) unlisten();
  };
}

function removeAll(): void {
  for (const folder of folders) {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // The process is ending: there is no one left to tell.
    }
  }
  folders.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAll();
  unlisten();
  // No listener is left for it, so the signal now has its default action: the process ends at once, as it would have.
  process.kill(process.pid, signal);
}

function listen(): void {
  process.on('exit', removeAll);
  // A worker thread is not sent signals (and must not kill the process).
  if (isMainThread) for (const signal of SIGNALS) process.on(signal, onSignal);
}

function unlisten(): void {
  process.off('exit', removeAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
