// The in-host suite's `describe`/`it` for the web worker extension host, where mocha's
// Node build cannot load: tests are collected in order and run one after the other
// by ./index.
export interface CollectedTest {
  title: string;
  run: () => Promise<unknown> | unknown;
}

export const collected: CollectedTest[] = [];
const titles: string[] = [];

const globals = globalThis as unknown as Record<string, unknown>;
// `this.timeout(ms)` inside a describe is accepted (there is no per-test timeout here:
// every wait in the suite is bounded itself).
const suiteContext = { timeout: (_ms: number) => undefined };
globals.describe = (title: string, body: (this: typeof suiteContext) => void) => {
  titles.push(title);
  try {
    body.call(suiteContext);
  } finally {
    titles.pop();
  }
};
globals.it = (title: string, run: () => Promise<unknown>) => collected.push({ title: [...titles, title].join(' '), run });
