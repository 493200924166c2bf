// Which Parquet columns a run needs (docs/events-and-reports.md, "Parquet"): a report
// reads a record only through its FieldLookup's compiled paths, so a column that none
// of those paths can reach is not read at all, and its key is absent from the rows.
//
// A path is a flattened dotted name and lookup tries every split of it (`a.b.c` may be
// {"a": {"b.c": …}} or {"a.b": {"c": …}} or {"a": {"b": {"c": …}}}), so a column is
// compared by its schema path joined with dots: it is needed when that equals a path,
// lies under it (a group's leaves: a list under a path is its value), or is above it
// (a list or key/value array that the path reads into, GA4's `event_params.<key>`:
// ./parquet-row-group asks this of every node that is not a plain struct and reads
// such a node whole).
// Reading more than needed is harmless; reading less would change figures, so the
// rule errs on the side of reading.

/** Whether the column at `columnPath` (schema path joined with dots) is read. */
export type ColumnFilter = (columnPath: string) => boolean;

export function columnsReachedBy(paths: readonly string[]): ColumnFilter {
  const exact = new Set(paths);
  return (column) => {
    if (exact.has(column)) return true;
    for (const path of paths) {
      if (column.startsWith(`${path}.`) || path.startsWith(`${column}.`)) return true;
    }
    return false;
  };
}
