// `expect` statements (SPEC §2.3 "Expectations"): each expectation's event is run
// through the compiled classifier, read like any event (fields not named are missing,
// dotted names are nested so the event_properties / user_properties aliases and the
// derived referring_domain apply), and a `failed-expectation` error on the `expect`
// says which channel the event got instead and from which rule.

import { DEFAULT_SEVERITY, type Diagnostic, type RelatedInformation } from '../diagnostics';
import { OTHERWISE, type Classifier } from '../classify/classifier';
import type { EventProps } from '../events/event';
import { fieldAccessor } from '../events/fields';
import type { FieldValue } from '../semantics/value-test';
import type { CheckedExpectation, CheckedRules } from './checked-rules';

/** `file` is how `file:line` references name the rules file. */
export function evaluateExpectations(checked: CheckedRules, classifier: Classifier, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const expectation of checked.expectations) {
    const props = expectationEvent(expectation.event);
    const result = classifier.classify(props);
    const got = classifier.channelOf(result);
    if (got === expectation.channel) continue;

    const related: RelatedInformation[] = [];
    let how: string;
    if (result >= 0) {
      const rule = checked.rules[result]!;
      how = `gets ${quote(got)} from the rule at ${file}:${rule.line}`;
      related.push({ span: rule.span, message: `this rule gives the event ${quote(got)}` });
    } else if (result === OTHERWISE) {
      how = `matches no rule, so \`otherwise\` gives it ${quote(got)}`;
      related.push({ span: checked.otherwise!.span, message: `\`otherwise\` gives the event ${quote(got)}` });
    } else {
      how = 'matches no rule and there is no `otherwise`, so it is unclassified';
    }
    const wanted = expectation.channel === null ? 'expected the event to be unclassified' : `expected ${quote(expectation.channel)}`;
    const notes: string[] = [];
    if (expectation.channel !== null && !checked.channels.includes(expectation.channel)) {
      notes.push(`no channel is named ${quote(expectation.channel)}`);
    }
    if (checked.skippedRules > 0) {
      notes.push(`${checked.skippedRules} rule${checked.skippedRules === 1 ? '' : 's'} with errors left out`);
    }
    diagnostics.push({
      code: 'failed-expectation',
      severity: DEFAULT_SEVERITY['failed-expectation'],
      message: `${wanted}, but the event ${how}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
      span: expectation.span,
      related,
      example: { event: exampleEvent(checked, props), channel: got },
      data: { result },
    });
  }
  return diagnostics;
}

/**
 * The expectation's fields as an event. A dotted name becomes nested objects unless
 * a shorter prefix of it is itself given a value (a field is a leaf), in which case
 * it stays one dotted key; field lookup finds it either way.
 */
export function expectationEvent(event: CheckedExpectation['event']): EventProps {
  const props: EventProps = {};
  const names = Object.keys(event);
  const given = new Set(names);
  for (const name of names) {
    const value = event[name];
    if (value === undefined) continue;
    const parts = name.split('.');
    const prefixGiven = parts.slice(1).some((_, i) => given.has(parts.slice(0, i + 1).join('.')));
    if (parts.length === 1 || prefixGiven) {
      setOwn(props, name, value);
      continue;
    }
    let container = props;
    for (const part of parts.slice(0, -1)) {
      let next = Object.prototype.hasOwnProperty.call(container, part) ? container[part] : undefined;
      if (next === undefined || next === null || typeof next !== 'object') {
        next = {};
        setOwn(container, part, next);
      }
      container = next as EventProps;
    }
    setOwn(container, parts[parts.length - 1]!, value);
  }
  return props;
}

/** SPEC §7.3: every field the rules test that is not missing, as the rules see it. */
function exampleEvent(checked: CheckedRules, props: EventProps): Record<string, string | null> {
  const event: Record<string, string | null> = {};
  for (const field of checked.fields) {
    const value: FieldValue = fieldAccessor(field)(props);
    if (value !== undefined) setOwn(event, field, value);
  }
  return event;
}

function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function quote(channel: string | null): string {
  return channel === null ? 'no channel' : JSON.stringify(channel);
}
