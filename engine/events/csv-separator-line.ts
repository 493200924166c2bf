// Excel's separator line: a CSV whose first line is `sep=;` (or `sep=,`, `sep=|`, `sep=`
// and a tab) tells Excel which character separates the cells, and Excel does not show it
// as a row. Some exporters write `sep=,` before the header so that Excel in a locale
// whose list separator is `;` still splits on commas. Read as the header, `sep=,` named
// the columns `sep=` and `` and every row was skipped as having no user, exit 0. It is
// dropped instead, and a separator other than the comma this reader splits on is refused
// (its rows cannot be read as comma-separated cells).
//
// Excel in a locale whose list separator is `;` saves "CSV" with semicolons and no
// separator line: its header is then one cell, `user_id;time;utm_medium`, and every row
// was skipped as having no user, exit 0. A header of one cell that a semicolon or a tab
// would cut into two or more names is refused the same way: no file of one such column
// names a field a rule or the user field can be.

/** What the first row, `cells` as split on commas, says as Excel's separator line: 'comma', another separator, or nothing (a header). */
export function excelSeparator(cells: readonly string[]): 'comma' | { separator: string } | undefined {
  if (cells.length === 2 && cells[0] === 'sep=' && cells[1] === '') return 'comma';
  const other = cells.length === 1 ? /^sep=(.)$/su.exec(cells[0]!) : null;
  return other === null ? undefined : { separator: other[1]! };
}

/** The separator a header row of one cell, `cells` as split on commas, is plainly cut by (a semicolon, else a tab), or undefined. */
export function headerSeparator(cells: readonly string[]): string | undefined {
  if (cells.length !== 1) return undefined;
  return [';', '\t'].find((separator) => cells[0]!.split(separator).filter((name) => name.trim() !== '').length >= 2);
}
