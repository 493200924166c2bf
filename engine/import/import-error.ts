// Why an import or an export cannot be exact: the construct and where it is
// (`line:column` in a SQL file, a JSON path in a channel group, a rule's line in a
// rules file). Commands print it as one line and exit 1.

export class ImportError extends Error {
  constructor(
    message: string,
    /** `12:5` (1-based), `$.groupingRule[3].expression`, or `rules.channels:14`. */
    readonly where: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
