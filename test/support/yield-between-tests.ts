// Between two tests, a turn of the event loop. Vitest's worker reports each test to the
// main process over an RPC whose calls time out after 60 s, and it only reads the
// answers when its event loop turns. Tests that run the CLI with spawnSync, or long
// synchronous properties, can keep it from turning for minutes on a loaded machine; the
// answer then waits behind the timer, the timer fires first, and the run ends with
// "Timeout calling onTaskUpdate" and exit 1 though every test passed (a Node-only run
// with six other sessions on the two cores). A turn after each test keeps the wait to
// one test's time. setImmediate runs after the poll phase, where the answer is read.

import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
