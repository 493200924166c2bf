// Preloaded (`node -r`) into a CLI run by test/cli/address-space-limit.test.ts: claims
// FAKE_CORES cores (as a larger machine would have), and writes to COUNTS_FILE, as the
// run exits, how many worker threads it started and how many WebAssembly instances
// (each with its memory) it made: {"workers": n, "wasm": n}.
const os = require('node:os');
const fs = require('node:fs');
const threads = require('node:worker_threads');

if (process.env.FAKE_CORES !== undefined) os.availableParallelism = () => Number(process.env.FAKE_CORES);
const counts = { workers: 0, wasm: 0 };
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    counts.workers++;
  }
};
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    counts.wasm++;
    return instance;
  },
});
process.on('exit', () => {
  if (process.env.COUNTS_FILE !== undefined) fs.writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts));
});
