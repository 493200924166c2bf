// Issue 11 item 7: a field named like an Object.prototype property is a field like any
// other. `when __proto__ exists` then `when __proto__ = "p"` gave analysis-incomplete
// (the example event's `__proto__` set its prototype) where `foo` gives unreachable-rule.

import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../engine/analysis/check-document';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'foo'];

describe('fields named like Object.prototype properties', () => {
  for (const name of NAMES) {
    it(`${name}: the shadowed rule is unreachable, with an example the engine confirms`, async () => {
      const text = `channel "A" when ${name} exists\nchannel "B" when ${name} = "p"\n`;
      const { diagnostics } = await checkDocument(text, { file: 'x.channels' });
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unreachable-rule']);
      const example = diagnostics[0]!.example!;
      expect(Object.keys(example.event)).toEqual([name]);
      expect(example.channel).toBe('A');
    });

    it(`${name}: an expectation's event has the field`, async () => {
      const text = `channel "A" when ${name} = "p"\notherwise "O"\nexpect "A" for { ${name}: "p" }\nexpect "O" for { other: "p" }\n`;
      const { diagnostics } = await checkDocument(text, { file: 'x.channels' });
      expect(diagnostics.filter((diagnostic) => diagnostic.code === 'failed-expectation')).toEqual([]);
    });

    it(`${name}: two rules on different values overlap nowhere, one region each`, async () => {
      const text = `channel "A" when ${name} = "p"\nchannel "B" when ${name} in ["p", "q"]\n`;
      const { diagnostics } = await checkDocument(text, { file: 'x.channels' });
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['overlapping-rule']);
      expect(diagnostics[0]!.example!.event).toEqual(Object.defineProperty({}, name, { value: 'p', enumerable: true }));
    });
  }
});
