// A smaller inlining budget for V8's optimising compiler in a process that reads an
// events file in ranges (./threaded-report): a run of a second or so, in which every
// thread's isolate compiles the same reading code for itself.
//
// Why: most of such a run is code V8 has not yet optimised, and its optimising
// compiler runs on background threads that, on two threads' report on two cores, take
// their time from the reading threads. With V8's default budget a 1M-event report on 2
// threads spent about 1.2 s of background CPU compiling (both isolates, `--trace-opt`),
// and 0.7 s with a cumulative inlining budget of 150 bytecodes instead of 920. The
// optimised code is hardly slower (the hot loops inline the small helpers they call
// either way), and the run is 0.92× as long on 2 threads, the same on 1
// (docs/dev/benchmarks.md, eleventh round). 100 measured the same as 150, 250 worse.
//
// V8's flags are the process's: set once, when a run begins to read in ranges. Node lets
// a flag be set after start (`v8.setFlagsFromString`); this one is read by each compile
// job as it starts, so it changes nothing already compiled, and every isolate's later
// compiles use it, those of workers the CLI started before the run
// (./early-range-workers) included. In the bench it stays set for the rest of a
// section's process.

import { setFlagsFromString } from 'node:v8';

const CUMULATIVE_INLINING_BUDGET = 150;

let limited = false;

/** Sets the process's inlining budget for the rest of its life (once; later calls do nothing). */
export function limitInliningForRangeReading(): void {
  if (limited) return;
  limited = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${CUMULATIVE_INLINING_BUDGET}`);
}
