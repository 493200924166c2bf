// The worked example of the foundation issue (Amplitude's article), as the tables must
// show it: one row per channel, [Page View uniques, Page View totals, session totals,
// entries, exits, first-touch uniques, first-touch totals, last-touch uniques, last-touch totals].
// `null` = no such figure in that table.

export const WORKED_EXAMPLE: Record<string, Array<number | null>> = {
  direct: [2, 4, 4, 0, 3, 0, 0, 1, 2],
  'organic social': [2, 2, 2, 2, 0, 0, 0, 0, 0],
  'organic search': [2, 3, 3, 1, 0, 2, 3, 1, 1],
  email: [1, 2, 1, 1, 0, 1, 1, 0, 0],
  'paid social': [1, 1, 1, 0, 1, 0, 0, 1, 1],
  // The article's classifier has it, the events never reach it.
  'paid search': [0, 0, 0, 0, 0, 0, 0, 0, 0],
  '(no touch)': [null, null, null, null, null, 1, 1, 1, 1],
};
export const WORKED_EXAMPLE_SESSIONS = 5;
export const WORKED_EXAMPLE_PAGE_VIEWS = 12;
export const WORKED_EXAMPLE_PURCHASES = 5;

/** Rows of a rendered table keyed by their first cell. */
export function rowsByChannel(rows: string[][]): Map<string, string[]> {
  return new Map(rows.map((row) => [row[0]!, row.slice(1)]));
}

/**
 * The figures the three tables show for each channel, in WORKED_EXAMPLE's layout.
 * `channels` has [type uniques, type totals, all uniques, all totals]; `attribution`
 * has uniques/totals per model, first_touch then last_touch first.
 */
export function figuresShown(tables: { channels: string[][]; sessions: string[][]; attribution: string[][] }): Record<string, Array<number | null>> {
  const channels = rowsByChannel(tables.channels);
  const sessions = rowsByChannel(tables.sessions);
  const attribution = rowsByChannel(tables.attribution);
  const out: Record<string, Array<number | null>> = {};
  const num = (text: string | undefined) => (text === undefined ? null : Number(text.replace(/,/g, '')));
  for (const channel of Object.keys(WORKED_EXAMPLE)) {
    const c = channels.get(channel);
    const s = sessions.get(channel);
    const a = attribution.get(channel);
    out[channel] = [num(c?.[0]), num(c?.[1]), num(s?.[0]), num(s?.[1]), num(s?.[2]), num(a?.[0]), num(a?.[1]), num(a?.[2]), num(a?.[3])];
  }
  return out;
}
