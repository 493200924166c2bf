// `channel-rules import FILE`: a GA4 channel group (JSON) or a SQL CASE classifier as
// a `.channels` file (SPEC §8). The conversion is engine/import's; docs/import-export.md
// says what is imported and what is refused.

import fs from 'node:fs';
import path from 'node:path';
import { DIALECT_NAMES, type DialectName } from '../../engine/sql/dialect';
import { IMPORT_FORMATS, importRules, type ImportFormat } from '../../engine/import/import-rules';
import { ImportError } from '../../engine/import/import-error';
import { parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { readTextFile, readTextStream } from '../load-rules';
import { checkStandardInput } from '../standard-input';
import { refuseOutputOverInput } from '../output-over-input';

export const importCommand: Command = {
  name: 'import',
  summary: 'rules from a GA4 channel group (JSON) or a SQL CASE classifier',
  help: `Usage: channel-rules import FILE [--from ga4-channel-group|sql] [--dialect DIALECT] [--group NAME] [-o OUT]

Writes a .channels file that classifies every event exactly as FILE does, with a
comment on each rule saying where it came from, or exits 1 naming the construct it
cannot translate exactly and its place (line:column in SQL, a JSON path in a group).

FILE - reads standard input (then --from is required).

Options:
  --from FORMAT          ga4-channel-group: the Admin API ChannelGroup JSON (or a list
                         response with channelGroups; then --group); sql: a file holding
                         one CASE WHEN … END (a dbt model: {{ name }} is a field).
                         Default: by extension (.json ga4-channel-group, .sql sql)
  --dialect DIALECT      the SQL's dialect: ${DIALECT_NAMES.join(', ')} (required for sql)
  --group NAME           the channel group of a list response (by displayName)
  --output FILE, -o FILE write to FILE instead of stdout

SQL keeps its three-valued logic: a WHEN whose condition is NULL does not fire, and a
NULL column is a field that is not set. See docs/import-export.md.
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('import', argv, {
      from: { type: 'string', trimmed: true },
      dialect: { type: 'string', trimmed: true },
      group: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length !== 1) throw new UsageError('import: expected one file (channel-rules import FILE)');
    const file = positionals[0]!;
    const format = formatOf(file, values.from);
    if (format === 'sql' && values.dialect === undefined) throw new UsageError(`import: --dialect is required for SQL (${DIALECT_NAMES.join(', ')})`);
    if (values.dialect !== undefined && !(DIALECT_NAMES as readonly string[]).includes(values.dialect)) {
      throw new UsageError(`import: unknown dialect "${values.dialect}" (expected ${DIALECT_NAMES.join(', ')})`);
    }
    if (format === 'sql' && values.group !== undefined) throw new UsageError('import: --group applies to ga4-channel-group');
    refuseOutputOverInput('import', values.output, [{ what: 'file', file }]);
    let text: string;
    if (file === '-') {
      if (io.stdin === undefined) throw new UsageError('import: standard input is not available');
      if (io.stdin === process.stdin) checkStandardInput('import');
      text = await readTextStream('import', io.stdin as AsyncIterable<Buffer | string>, 'standard input');
    } else text = readTextFile('import', file, 'file');
    let rules: string;
    try {
      rules = importRules(text, { format, fileName: file === '-' ? 'stdin' : path.basename(file), dialect: values.dialect as DialectName | undefined, group: values.group });
    } catch (error) {
      if (error instanceof ImportError) {
        io.stderr.write(`channel-rules import: ${file}:${error.where}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    if (values.output === undefined) io.stdout.write(rules);
    else {
      try {
        fs.writeFileSync(values.output, rules);
      } catch (error) {
        throw new UsageError(`import: cannot write ${values.output}: ${(error as Error).message}`);
      }
    }
    return 0;
  },
};

function formatOf(file: string, from: string | undefined): ImportFormat {
  if (file === '-' && from === undefined) throw new UsageError(`import: reading standard input (-) needs --from ${IMPORT_FORMATS.join('|')}`);
  if (from !== undefined) {
    if (!(IMPORT_FORMATS as readonly string[]).includes(from)) throw new UsageError(`import: unknown format "${from}" (expected ${IMPORT_FORMATS.join(', ')})`);
    return from as ImportFormat;
  }
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return 'ga4-channel-group';
  if (extension === '.sql') return 'sql';
  throw new UsageError(`import: cannot tell the format of ${file} from its extension: give --from ${IMPORT_FORMATS.join('|')}`);
}
