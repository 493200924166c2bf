// Excel's separator line: a CSV whose first line is `sep=;` (or `sep=,`, `sep=|`, `sep=`
// and a tab) tells Excel which character separates the cells, and Excel does not show it
// as a row. Some exporters write `sep=,` before the header so that Excel in a locale
// whose list separator is `;` still splits on commas. Read as the header, `sep=,` named
// the columns `sep=` and `` and every row was skipped as having no user, exit 0. It is
// dropped instead, and a separator other than the comma this reader splits on is refused
// (its rows cannot be read as comma-separated cells).

/** What the first row, `cells` as split on commas, says as Excel's separator line: 'comma', another separator, or nothing (a header). */
export function excelSeparator(cells: readonly string[]): 'comma' | { separator: string } | undefined {
  if (cells.length === 2 && cells[0] === 'sep=' && cells[1] === '') return 'comma';
  const other = cells.length === 1 ? /^sep=(.)$/su.exec(cells[0]!) : null;
  return other === null ? undefined : { separator: other[1]! };
}
