// The confusion matrix of an agreement section (SPEC §9) as people read it: rows are
// the rules' channels (null, unclassified, last), columns the most frequent values of
// theirs, the rest summed in one more column. The CLI's tables and the preview's view
// lay it out alike from here. No case folding in here: the webview bundle imports it.

import type { AgreementSection } from './agreement';
import { compareCodeUnits, compareCodeUnitsNullLast } from '../text/code-unit-order';

export const MATRIX_COLUMNS = 12;

export interface AgreementMatrix {
  /** The columns shown, most events first (ties by text). */
  theirs: string[];
  /** How many values of theirs are summed in the last column (0: no such column). */
  hidden: number;
  /** The values of theirs summed in the last column (`hidden` of them), so a view can filter to them. */
  summed: string[];
  /** The rows, by text, null last. */
  ours: Array<string | null>;
  /** Per row (in `ours` order), events per column, the summed column last when `hidden > 0`. */
  cells: number[][];
}

export function agreementMatrix(section: AgreementSection, columns = MATRIX_COLUMNS): AgreementMatrix {
  const totals = new Map<string, number>();
  for (const pair of section.pairs) totals.set(pair.theirs, (totals.get(pair.theirs) ?? 0) + pair.events);
  const all = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || compareCodeUnits(a, b));
  const theirs = all.slice(0, columns);
  const summed = all.slice(columns);
  const hidden = summed.length;
  const columnOf = new Map(theirs.map((value, i) => [value, i]));
  const rowOf = new Map<string | null, number[]>();
  for (const pair of section.pairs) {
    let row = rowOf.get(pair.ours);
    if (row === undefined) {
      row = new Array<number>(theirs.length + (hidden > 0 ? 1 : 0)).fill(0);
      rowOf.set(pair.ours, row);
    }
    row[columnOf.get(pair.theirs) ?? theirs.length]! += pair.events;
  }
  const ours = [...rowOf.keys()].sort(compareCodeUnitsNullLast);
  return { theirs, hidden, summed, ours, cells: ours.map((channel) => rowOf.get(channel)!) };
}
