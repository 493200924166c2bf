// A rule that tests an ad click identifier (`gclid exists` → "Paid Search") takes every
// event carrying it, whatever its UTM parameters say. When the sample's events say
// otherwise — a gclid on a `utm_medium=email` link, because a newsletter linked a URL
// copied from an ad — the rule silently overrides the campaign's own tagging. This
// hint counts, per such rule, the sample events it classifies whose UTM parameters
// alone would give another channel: the same event classified again without its click
// identifiers, by the same rules.

import { createYielder, type CancellationToken } from '../cancellation';
import type { CheckedRules, RuleCondition } from '../check/checked-rules';
import type { Classifier } from '../classify/classifier';
import type { Diagnostic } from '../diagnostics';
import type { EventProps } from '../events/event';
import { fieldAccessor } from '../events/fields';

export const CLICK_ID_FIELDS = ['gclid', 'fbclid', 'msclkid', 'ttclid', 'li_fat_id'] as const;

const CLICK_ID_SET = new Set<string>(CLICK_ID_FIELDS);

function testedClickIds(condition: RuleCondition, into: Set<string>): Set<string> {
  switch (condition.kind) {
    case 'test':
      if (CLICK_ID_SET.has(condition.field)) into.add(condition.field);
      break;
    case 'not':
      testedClickIds(condition.operand, into);
      break;
    default:
      for (const operand of condition.operands) testedClickIds(operand, into);
  }
  return into;
}

/** Whether any rule tests a click identifier (only then is the sample classified for this hint). */
export function rulesTestClickIds(checked: CheckedRules): boolean {
  return checked.fields.some((field) => CLICK_ID_SET.has(field));
}

interface RuleTally {
  /** Sample events the rule classified that carry a click id and a UTM medium. */
  tagged: number;
  disagree: number;
  /** (utm_medium, channel without the click id) → events, for the message's most common case. */
  cases: Map<string, { medium: string; channel: string | null; events: number }>;
}

/**
 * The `click-id-medium` information diagnostics for `events` (the editor's sample).
 * Yields to the event loop while it works; throws CancelledError when cancelled.
 */
export async function clickIdDiagnostics(
  checked: CheckedRules,
  classifier: Classifier,
  events: readonly EventProps[],
  token: CancellationToken,
): Promise<Diagnostic[]> {
  const clickRules = new Map<number, string[]>();
  for (const rule of checked.rules) {
    const ids = testedClickIds(rule.condition, new Set());
    if (ids.size > 0) clickRules.set(rule.index, [...ids]);
  }
  if (clickRules.size === 0) return [];
  const clickAccessors = CLICK_ID_FIELDS.map((field) => [field, fieldAccessor(field)] as const);
  const medium = fieldAccessor('utm_medium');
  const otherAccessors = checked.fields.filter((field) => !CLICK_ID_SET.has(field)).map((field) => [field, fieldAccessor(field)] as const);
  const tallies = new Map<number, RuleTally>();
  const pause = createYielder(token);
  for (let i = 0; i < events.length; i++) {
    if ((i & 1023) === 0) await pause();
    const event = events[i]!;
    if (!clickAccessors.some(([, accessor]) => typeof accessor(event) === 'string')) continue;
    const utmMedium = medium(event);
    if (typeof utmMedium !== 'string') continue;
    const result = classifier.classify(event);
    if (!clickRules.has(result)) continue;
    // The same event with its click identifiers missing: every other field the rules
    // test keeps the value it has (read through the same lookup, so source-system
    // mappings and aliases are respected), under its own name as a literal key.
    const withoutClickIds: EventProps = Object.create(null) as EventProps;
    for (const [field, accessor] of otherAccessors) {
      const value = accessor(event);
      if (value !== undefined) withoutClickIds[field] = value;
    }
    const tally = tallies.get(result) ?? { tagged: 0, disagree: 0, cases: new Map() };
    tallies.set(result, tally);
    tally.tagged++;
    // Without the click id only a rule states a channel; `otherwise` or none means the
    // UTM parameters say nothing the rules know, which is no disagreement.
    const byUtmResult = classifier.classify(withoutClickIds);
    if (byUtmResult < 0) continue;
    const byUtm = classifier.channelOf(byUtmResult);
    if (byUtm === classifier.channelOf(result)) continue;
    tally.disagree++;
    const key = JSON.stringify([utmMedium, byUtm]);
    const found = tally.cases.get(key);
    if (found === undefined) tally.cases.set(key, { medium: utmMedium, channel: byUtm, events: 1 });
    else found.events++;
  }
  const diagnostics: Diagnostic[] = [];
  for (const [index, tally] of tallies) {
    if (tally.disagree === 0) continue;
    const rule = checked.rules[index]!;
    const ids = clickRules.get(index)!.join('/');
    const top = [...tally.cases.values()].sort((a, b) => b.events - a.events || (a.medium < b.medium ? -1 : 1))[0]!;
    const count = (n: number) => n.toLocaleString('en-US');
    diagnostics.push({
      code: 'click-id-medium',
      severity: 'information',
      message:
        `This rule gives "${rule.channel}" for ${ids}, but ${count(tally.disagree)} of the ${count(tally.tagged)} sample events it classifies with a UTM medium ` +
        `would get another channel from their UTM parameters alone (most often utm_medium "${top.medium}" → ${top.channel === null ? '(unclassified)' : `"${top.channel}"`}, ${count(top.events)} event${top.events === 1 ? "" : "s"}).`,
      span: rule.span,
      data: { rule: index, tagged: tally.tagged, disagree: tally.disagree, medium: top.medium, channel: top.channel },
    });
  }
  return diagnostics;
}
