// What a structure keeps in memory: the heap and the ArrayBuffers in use (typed arrays'
// bytes are outside the heap) after full collections, before and after it is made.
// Collections are forced through V8's `gc`, exposed at run time, so that a measure is
// what is reachable, not what the collector has not got to yet.

import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

function bytesInUse(): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** The value `make` returns and the bytes it keeps reachable (whatever it made and dropped is not counted). */
export function retainedBytes<T>(make: () => T): { value: T; bytes: number } {
  const before = bytesInUse();
  const value = make();
  return { value, bytes: bytesInUse() - before };
}
