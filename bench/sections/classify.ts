// Classification: the engine's NDJSON reader alone, then reader + classifier, with the
// classifier's own share timed batch by batch (so it is classification alone, without
// reading or JSON.parse).

import { readEventFile } from '../../engine/events/read-events';
import { loadBenchRules } from '../load-bench-rules';
import { percentiles, timed } from '../measure';
import type { BenchSection } from '../section';

export const classifySection: BenchSection = {
  name: 'classify',
  title: 'the engine reader, and classification alone, with the rules file',
  async run(context) {
    const rules = await timed(() => loadBenchRules(context.rulesFile));
    const { classifier } = rules.value;

    const reader = await timed(async () => {
      let events = 0;
      for await (const batch of readEventFile(context.eventsFile)) events += batch.events.length;
      return events;
    });

    let classifySeconds = 0;
    const nanosecondsPerEvent: number[] = [];
    // Counted per result in a typed array (index result + 2: UNCLASSIFIED is -2, OTHERWISE -1), so the
    // bookkeeping costs next to nothing beside the classifier.
    const perResult = new Float64Array(rules.value.checked.rules.length + 2);
    const total = await timed(async () => {
      let events = 0;
      for await (const batch of readEventFile(context.eventsFile)) {
        const start = performance.now();
        for (const event of batch.events) {
          perResult[classifier.classify(event.props) + 2]!++;
        }
        const elapsed = performance.now() - start;
        classifySeconds += elapsed / 1000;
        if (batch.events.length > 0) nanosecondsPerEvent.push((elapsed * 1e6) / batch.events.length);
        events += batch.events.length;
      }
      return events;
    });

    const channels = new Map<string, number>();
    for (const [index, count] of perResult.entries()) {
      if (count === 0) continue;
      const result = index - 2;
      const channel = classifier.channelOf(result) ?? '(unclassified)';
      channels.set(channel, (channels.get(channel) ?? 0) + count);
    }
    const p = percentiles(nanosecondsPerEvent);
    return [
      { label: 'parse + check + compile rules', seconds: rules.seconds, detail: `${rules.value.checked.rules.length} rules` },
      { label: 'engine reader (read + JSON.parse)', seconds: reader.seconds, events: reader.value },
      { label: 'engine reader + classify', seconds: total.seconds, events: total.value },
      {
        label: 'classify alone',
        seconds: classifySeconds,
        events: total.value,
        detail: `ns/event per batch p50 ${p.get(50)!.toFixed(0)} p99 ${p.get(99)!.toFixed(0)}; ${channels.size} channels`,
      },
    ];
  },
};
