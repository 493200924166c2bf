// A parse leaves its tree behind, not its tokens: the parser is made once and kept, and
// what it last read must not stay with it (a rules file's list of 800,000 values is 1.6
// million tokens).

import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { retainedBytes } from '../support/retained-bytes';

describe('parseChannels in memory', () => {
  it('keeps the tree of a long list, not its tokens', () => {
    const values = 100_000;
    const text = `channel "A"\n  when utm_source in [${Array.from({ length: values }, (_, i) => JSON.stringify(`s${i}`)).join(', ')}]\n`;
    const { value: parsed, bytes } = retainedBytes(() => parseChannels(text));
    expect(parsed.errors).toEqual([]);
    // A value's literal, its span and its two strings: about 190 bytes; with the tokens
    // of the value and its comma, about 470.
    expect(bytes / values).toBeLessThan(320);
  });

  it('still reports the errors of the parse it let go of', () => {
    expect(parseChannels('channel "A"\n  when utm_source = \n').errors.map((error) => error.span.start)).toEqual([31]);
  });
});
