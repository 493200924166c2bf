// The reading threads of `report` and `classify`, started before the command's bundle
// is loaded (engine/report/early-range-workers): that bundle and the rules take the
// main thread ~90 ms, in which a worker boots on the other core instead of later, when
// the reading needs both. Decided from the arguments alone, loosely: the command parses
// them for real afterwards, and a worker started for a run that does not adopt it (a
// usage error, a small file) only cost the idle core its start; it never holds the
// process open.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { startRangeWorkersEarly, startsWorkersAtOnce } from '../engine/report/early-range-workers';
import { defaultThreads, rangeSizeFromEnvironment, threadsOption } from './threads-flag';
import { trimAsciiWhiteSpace } from './args';

/** The value of `--name VALUE` or `--name=VALUE` (the last one given), else undefined; read trimmed, as ./args reads `--format` and `--threads`. */
function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === name && i + 1 < args.length) value = args[++i];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  }
  return value === undefined ? undefined : trimAsciiWhiteSpace(value);
}

/** `script`: the bundled range worker (dist/range-worker.js); nothing is started when it is not there (the sources, in tests). */
export function startEarlyReadingThreads(command: string | undefined, args: readonly string[], cwd: string, script: string): void {
  try {
    startFor(command, args, cwd, script);
  } catch {
    // Never the reason a command fails: without an early start, the run starts its threads itself.
  }
}

function startFor(command: string | undefined, args: readonly string[], cwd: string, script: string): void {
  if (command !== 'report' && command !== 'classify') return;
  // The HTML report keeps its explorer's events: read on one thread (./commands/report).
  const format = flagValue(args, '--format');
  if (command === 'report' && format?.toLowerCase() === 'html') return;
  const events = flagValue(args, '--events');
  if (events === undefined || events === '-') return;
  // A count the command would refuse throws here too, and nothing is started.
  const threads = threadsOption(command, flagValue(args, '--threads'));
  if (threads < 2 || !existsSync(script)) return;
  const file = path.resolve(cwd, events);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return;
    size = stat.size;
  } catch {
    return;
  }
  if (!startsWorkersAtOnce(file, size, rangeSizeFromEnvironment())) return;
  // Only as many as there are idle cores: the arguments are not checked yet (a usage
  // error must not wait for fifteen threads), and the run starts any more itself.
  startRangeWorkersEarly(script, Math.min(threads, defaultThreads()) - 1);
}
