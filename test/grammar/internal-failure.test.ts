import { describe, expect, it, vi } from 'vitest';
import { parseChannels } from '../../grammar/parse';

// A bug of ours inside the parser must still give a tree and an error, never an exception.
// (vi.mock is hoisted above the imports.)
vi.mock('../../grammar/syntax-builder', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../grammar/syntax-builder')>();
  class BrokenBuilder {
    statement(): void {}
    file(): never {
      throw new Error('simulated bug');
    }
  }
  return { ...original, SyntaxBuilder: BrokenBuilder };
});

describe('parseChannels when something inside fails', () => {
  it('returns an empty tree and one error that says so', () => {
    const text = 'channel "X" when a exists';
    expect(parseChannels(text)).toEqual({
      tree: { kind: 'file', statements: [], span: { start: 0, end: text.length } },
      errors: [{ code: 'syntax', message: 'internal parser error, please report it: simulated bug', span: { start: 0, end: 0 } }],
      comments: [],
    });
  });
});
