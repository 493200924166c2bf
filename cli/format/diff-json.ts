// `diff --format json`: SPEC §7.4. The keys §7.4 names have exactly its shapes; the
// keys after them are additions (docs/diff.md): `unreachable` (rules of HEAD that
// became unreachable), `complete` / `incomplete` (whether every move was decided),
// `otherwise` (when the `otherwise` channel changed) and, with --events, `sample`.

import type { RuleRef, RulesDiff } from '../../engine/diff/rules-diff';
import type { DiffLabels } from './diff-words';

export interface DiffJsonRule {
  channel: string;
  file: string;
  line: number;
}

export interface DiffJsonMove {
  from: string | null;
  to: string | null;
  example: { event: Record<string, string | null> };
  events?: number;
}

export interface DiffJson {
  rules: { added: DiffJsonRule[]; removed: DiffJsonRule[]; changed: DiffJsonRule[]; moved: DiffJsonRule[] };
  moves: DiffJsonMove[];
  unreachable: Array<DiffJsonRule & { reason: 'unreachable' | 'unsatisfiable'; coveredBy: DiffJsonRule[] }>;
  complete: boolean;
  incomplete: string[];
  otherwise?: { base: string | null; head: string | null };
  sample?: {
    file: string;
    events: number;
    moved: number;
    skipped: number;
    matrix: Array<{ from: string | null; to: string | null; events: number }>;
    /** SPEC §9 on both versions (with --against). */
    against?: { field: string; events: number; base: { agree: number }; head: { agree: number } };
  };
}

export function diffJson(diff: RulesDiff, labels: DiffLabels): DiffJson {
  const rule = (ref: RuleRef): DiffJsonRule => ({ channel: ref.channel, file: ref.version === 'base' ? labels.base : labels.head, line: ref.line });
  const json: DiffJson = {
    rules: {
      added: diff.rules.added.map(rule),
      removed: diff.rules.removed.map(rule),
      changed: diff.rules.changed.map((pair) => rule(pair.head)),
      moved: diff.rules.moved.map((pair) => rule(pair.head)),
    },
    moves: diff.moves.map((move) => {
      const entry: DiffJsonMove = { from: move.from, to: move.to, example: { event: move.example.event } };
      if (move.sampleEvents !== undefined) entry.events = move.sampleEvents;
      return entry;
    }),
    unreachable: diff.unreachable.map((entry) => ({ ...rule(entry.rule), reason: entry.status, coveredBy: entry.coveredBy.map(rule) })),
    complete: diff.complete,
    incomplete: diff.incomplete,
  };
  if (diff.rules.otherwise !== undefined) json.otherwise = diff.rules.otherwise;
  if (diff.sample !== undefined) {
    json.sample = {
      file: labels.events ?? '',
      events: diff.sample.events,
      moved: diff.sample.moved,
      skipped: diff.sample.skippedCount,
      matrix: diff.sample.cells.map((cell) => ({ from: cell.from, to: cell.to, events: cell.events })),
    };
    const against = diff.sample.against;
    if (against !== undefined) {
      json.sample.against = { field: against.field, events: against.events, base: { agree: against.base }, head: { agree: against.head } };
    }
  }
  return json;
}

export function renderDiffJson(diff: RulesDiff, labels: DiffLabels): string {
  return `${JSON.stringify(diffJson(diff, labels), null, 2)}\n`;
}
