// Preloaded (`node -r`) into a CLI run by test/cli/address-space-limit.test.ts: claims
// FAKE_CORES cores (as a larger machine would have), and writes how many worker
// threads the run started to COUNT_WORKERS_FILE as it exits.
const os = require('node:os');
const fs = require('node:fs');
const threads = require('node:worker_threads');

if (process.env.FAKE_CORES !== undefined) os.availableParallelism = () => Number(process.env.FAKE_CORES);
let started = 0;
const Worker = threads.Worker;
threads.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    started++;
  }
};
process.on('exit', () => {
  if (process.env.COUNT_WORKERS_FILE !== undefined) fs.writeFileSync(process.env.COUNT_WORKERS_FILE, String(started));
});
