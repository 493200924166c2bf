// CheckedRules → Classifier. Everything that does not depend on the event is done
// here, once: field accessors resolved, value tests compiled (compile-value-test),
// condition trees turned into closures. Per event only the comparisons run, and each
// field is read at most once, when a rule first needs it.

import type { CheckedRules, RuleCondition } from '../check/checked-rules';
import type { EventProps, FieldAccessor } from '../events/event';
import { fieldAccessor } from '../events/fields';
import type { FieldValue } from '../semantics/value-test';
import { OTHERWISE, UNCLASSIFIED, type Classifier } from './classifier';
import { compileValueTest } from './compile-value-test';

type CompiledCondition = (props: EventProps) => boolean;

/** The fields of one event, each read on first use. */
class FieldCache {
  private readonly values: FieldValue[];
  /** `stamps[i] === epoch` when values[i] holds field i of the current event. */
  private readonly stamps: Uint32Array;
  private epoch = 0;

  constructor(private readonly accessors: readonly FieldAccessor[]) {
    this.values = new Array<FieldValue>(accessors.length).fill(undefined);
    this.stamps = new Uint32Array(accessors.length);
  }

  /** Forgets the previous event's values. */
  next(): void {
    if (++this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
  }

  read(index: number, props: EventProps): FieldValue {
    if (this.stamps[index] === this.epoch) return this.values[index];
    const value = this.accessors[index]!(props);
    this.values[index] = value;
    this.stamps[index] = this.epoch;
    return value;
  }
}

export function compileClassifier(rules: CheckedRules): Classifier {
  const fieldIndex = new Map<string, number>();
  const accessors: FieldAccessor[] = [];
  const indexOf = (field: string): number => {
    let index = fieldIndex.get(field);
    if (index === undefined) {
      index = accessors.length;
      fieldIndex.set(field, index);
      accessors.push(fieldAccessor(field));
    }
    return index;
  };
  // Filled once every condition is compiled, when the number of fields is known.
  let cache: FieldCache;

  const compile = (condition: RuleCondition): CompiledCondition => {
    switch (condition.kind) {
      case 'test': {
        const index = indexOf(condition.field);
        const holds = compileValueTest(condition.test);
        return (props) => holds(cache.read(index, props));
      }
      case 'not': {
        const operand = compile(condition.operand);
        return (props) => !operand(props);
      }
      case 'and':
        return all(condition.operands.map(compile));
      case 'or':
        return any(condition.operands.map(compile));
    }
  };
  const conditions = rules.rules.map((rule) => compile(rule.condition));
  cache = new FieldCache(accessors);
  const count = conditions.length;
  const noMatch = rules.otherwise !== undefined ? OTHERWISE : UNCLASSIFIED;
  const channels = rules.rules.map((rule) => rule.channel);
  const otherwiseChannel = rules.otherwise?.channel ?? null;

  return {
    rules,
    classify(props: EventProps): number {
      cache.next();
      for (let i = 0; i < count; i++) if (conditions[i]!(props)) return i;
      return noMatch;
    },
    channelOf(result: number): string | null {
      if (result >= 0) return channels[result] ?? null;
      return result === OTHERWISE ? otherwiseChannel : null;
    },
  };
}

function all(operands: CompiledCondition[]): CompiledCondition {
  if (operands.length === 1) return operands[0]!;
  if (operands.length === 2) {
    const [a, b] = operands as [CompiledCondition, CompiledCondition];
    return (props) => a(props) && b(props);
  }
  return (props) => {
    for (const operand of operands) if (!operand(props)) return false;
    return true;
  };
}

function any(operands: CompiledCondition[]): CompiledCondition {
  if (operands.length === 1) return operands[0]!;
  if (operands.length === 2) {
    const [a, b] = operands as [CompiledCondition, CompiledCondition];
    return (props) => a(props) || b(props);
  }
  return (props) => {
    for (const operand of operands) if (operand(props)) return true;
    return false;
  };
}
