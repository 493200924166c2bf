// The sample's events reduced to the fields the rules test, each looked up once per
// sample rather than once per keystroke. A rules edit then re-runs only the
// comparisons: the field lookups (dotted paths, event_properties / user_properties
// aliases, referring_domain derived from the referrer URL) are the larger part of
// classifying, and they do not depend on the rules.
//
// Each resolved event is an object holding, under the field's own name, exactly what
// the sample's lookup (its source system's, SPEC §3.2) returns for the original event (a key is absent when the
// field is missing). Reading it back through `fieldAccessor` gives the same value —
// the literal key is the first thing a lookup tries — so the classifier gives every
// resolved event the channel it gives the original (test/preview checks this on
// whole samples).

import type { EventProps } from '../events/event';
import { PLAIN_FIELDS, type FieldLookup } from '../events/fields';
import { setOwn } from '../collections/own-property';

export class ResolvedFields {
  /** Null-prototype objects, so that any field name (even `__proto__`) is an ordinary key. */
  readonly events: EventProps[];
  private readonly resolved = new Set<string>();

  /** `lookup`: how the sample's records are read (its source system). */
  constructor(
    private readonly source: readonly EventProps[],
    private readonly lookup: FieldLookup = PLAIN_FIELDS,
  ) {
    this.events = source.map(() => Object.create(null) as EventProps);
  }

  /** Resolves the fields not seen before (a new field costs one lookup per event). */
  ensure(fields: readonly string[]): void {
    for (const field of fields) {
      if (this.resolved.has(field)) continue;
      const accessor = this.lookup.accessor(field);
      const { source, events } = this;
      for (let i = 0; i < source.length; i++) {
        const value = accessor(source[i]!);
        // Plain assignment on the hot path; only `__proto__` needs defineProperty.
        if (value !== undefined) {
          if (field === '__proto__') setOwn(events[i]!, field, value);
          else events[i]![field] = value;
        }
      }
      this.resolved.add(field);
    }
  }
}
