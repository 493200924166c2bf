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
globals.describe = (title: string, body: () => void) => {
  titles.push(title);
  try {
    body();
  } finally {
    titles.pop();
  }
};
globals.it = (title: string, run: () => Promise<unknown>) => collected.push({ title: [...titles, title].join(' '), run });
