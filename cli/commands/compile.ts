// `channel-rules compile RULES --dialect D`: the rules as SQL computing exactly the
// engine's channel (SPEC §7), as a SELECT over a table of events, a CASE expression
// alone, or a dbt macro. docs/sql.md says how each construct compiles.

import fs from 'node:fs';
import { DIALECT_NAMES, type Dialect, type DialectName } from '../../engine/sql/dialect';
import { DIALECTS } from '../../engine/sql/dialects';
import { ATTRIBUTION_MODELS } from '../../engine/report/attribution-models';
import { DEFAULT_REPORT_OPTIONS } from '../../engine/report/report-settings';
import { compileReportSql, DEFAULT_REPORT_COLUMNS, type ReportColumns } from '../../engine/sql/compile-report-sql';
import { compileRulesSql, SQL_FORMATS, type ColumnSource, type SqlFormat } from '../../engine/sql/compile-rules-sql';
import { SqlCompileError } from '../../engine/sql/sql-compile-error';
import { WAREHOUSE_SOURCES } from '../../engine/sql/warehouse';
import { warehouseColumns, WarehouseSourceError, type WarehouseColumns } from '../../engine/sql/warehouse/warehouse-columns';
import { WAREHOUSE_SYSTEMS, type WarehouseSystem } from '../../engine/sql/warehouse/warehouse-source';
import { formatOption, parseCommandArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadRules, type LoadedRules } from '../load-rules';
import { refuseOutputOverInput } from '../output-over-input';
import { reportSettingsFromFlags } from '../report-flags';
import { columnSource, parseColumnMappings } from '../sql-columns';
import { escapeLine } from '../format/terminal-text';

export const compileCommand: Command = {
  name: 'compile',
  summary: 'the rules as SQL (DuckDB, BigQuery, Snowflake, PostgreSQL, Spark SQL)',
  help: `Usage: channel-rules compile RULES --dialect DIALECT [options]
       channel-rules compile RULES --report --dialect DIALECT [options]

Prints SQL that gives every row exactly the channel the engine gives the same event:
the rules in order (the first that holds wins), then the otherwise channel, else NULL.

Options:
  --dialect DIALECT      ${DIALECT_NAMES.join(', ')} (required)
  --format FORMAT        select (default): SELECT *, <CASE …> AS channel FROM <table>
                         expression: the CASE expression alone
                         dbt: a dbt macro, {{ channel_rules(columns={'field': 'sql'}) }}
  --table NAME           the events table for select (default events; a.b.c is quoted part by part)
  --columns MAP          FIELD=COLUMN,… : read FIELD from COLUMN instead of the column named
                         like the field; COLUMN in parentheses is an SQL expression used as
                         written, e.g. --columns 'utm_source=src,referring_domain=(NET.HOST(referrer))'
                         (may be repeated)
  --output-column NAME   name of the channel column for select (default channel)
  --macro NAME           name of the dbt macro (default channel_rules)
  --output FILE, -o FILE write to FILE instead of stdout
  --from SYSTEM          read the fields (and, with --report, the user, time, event type
                         and session) from that vendor's documented warehouse table:
                         ${WAREHOUSE_SYSTEMS.join(', ')}
                         (docs/sql.md says which dialects have one; --columns and the
                         --*-column options still override single fields, --table the
                         table; exit 2 where the vendor documents no table)

With --report: one query computing the whole report of \`channel-rules report\`
(channel uniques/totals, sessions, attribution) over the events table, in every
dialect. Its rows are (section, model, channel, event_type, metric, value), in the
order of the JSON report. Rational credits are summed exactly with integers; the query
stops with an error rather than round a total it cannot decide (docs/sql.md). Options:
  --user-column COL        the user (default user_id; e.g. '(COALESCE(user_id, device_id))')
  --time-column COL        the time as epoch milliseconds, an integer (default time;
                           e.g. '(epoch_ms(ts))' in DuckDB, '(UNIX_MILLIS(ts))' in BigQuery)
  --event-type-column COL  the event type (default event_type)
  --session-column COL     the session id (default session_id; NULL everywhere: timeout sessions)
  --order-column COL       breaks ties between a user's events with equal times, as file
                           order does in the engine (default: none, ties in any order)
  --session-timeout DUR    (default ${DEFAULT_REPORT_OPTIONS.sessionTimeout}), --conversion TYPE (default ${DEFAULT_REPORT_OPTIONS.conversion}),
  --lookback DUR|session   (default ${DEFAULT_REPORT_OPTIONS.lookback}), --half-life DUR (default ${DEFAULT_REPORT_OPTIONS.halfLife}),
  --models LIST            (default all: ${ATTRIBUTION_MODELS.join(',')}) as for \`report\`
COL is a column name or an SQL expression in parentheses.

SQL has one NULL for a missing field and a JSON null: a NULL column is a missing
field (see docs/sql.md for \`exists\`, \`is missing\`, \`is null\`). Text comparisons are
exact and case-sensitive unless the rules say \`ignoring case\`, which compiles to
explicit character classes, never to the warehouse's LOWER or collation.
Exit 1 when a rule cannot be written exactly in the dialect (the message says which).
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('compile', argv, {
      dialect: { type: 'string', trimmed: true },
      format: { type: 'string', trimmed: true },
      table: { type: 'string' },
      columns: { type: 'string', multiple: true },
      'output-column': { type: 'string' },
      macro: { type: 'string' },
      output: { type: 'string', short: 'o' },
      from: { type: 'string', trimmed: true },
      report: { type: 'boolean' },
      'user-column': { type: 'string' },
      'time-column': { type: 'string' },
      'event-type-column': { type: 'string' },
      'session-column': { type: 'string' },
      'order-column': { type: 'string' },
      'session-timeout': { type: 'string', trimmed: true },
      conversion: { type: 'string' },
      lookback: { type: 'string', trimmed: true },
      'half-life': { type: 'string', trimmed: true },
      models: { type: 'string', trimmed: true },
    });
    if (positionals.length !== 1) throw new UsageError('compile: expected one rules file (channel-rules compile RULES --dialect DIALECT)');
    const dialectName = dialectOption(values.dialect);
    const format: SqlFormat = formatOption('compile', values.format, SQL_FORMATS, 'select');
    const reportOnly = ['user-column', 'time-column', 'event-type-column', 'session-column', 'order-column', 'session-timeout', 'conversion', 'lookback', 'half-life', 'models'] as const;
    if (values.report !== true) {
      const misplaced = reportOnly.find((option) => values[option] !== undefined);
      if (misplaced !== undefined) throw new UsageError(`compile: --${misplaced} is an option of --report`);
    } else {
      if (values.format !== undefined) throw new UsageError('compile: --format does not apply to --report (it prints one query)');
    }
    if (values.table?.split('.').some((part) => part.trim() === '')) {
      throw new UsageError(`compile: --table "${values.table}" has an empty name between its dots (a.b.c names a table, its schema and its database)`);
    }
    if (values.macro !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.macro)) {
      throw new UsageError(`compile: --macro "${values.macro}" is not a dbt macro name (letters, digits and _, not starting with a digit)`);
    }
    const columns = parseColumnMappings('compile', values.columns ?? []);
    const system = systemOption(values.from);
    refuseOutputOverInput('compile', values.output, [{ what: 'rules file', file: positionals[0]! }]);
    const rules = loadRules('compile', positionals[0]!);
    for (const field of columns.keys()) {
      if (!rules.checked.fields.includes(field)) io.stderr.write(`channel-rules compile: warning: --columns maps "${escapeLine(field)}", which the rules never test\n`);
    }
    const settings = values.report === true ? reportSettingsFromFlags('compile', values) : undefined;
    let compiled;
    try {
      const vendor = system === undefined ? undefined : vendorColumns(system, DIALECTS[dialectName], rules.checked.fields, columns);
      const allColumns = new Map([...(vendor?.columns ?? []), ...columns]);
      const table = values.table ?? vendor?.table;
      compiled =
        settings === undefined
          ? compileRulesSql(rules.checked, DIALECTS[dialectName], {
              format,
              table,
              columns: allColumns,
              outputColumn: values['output-column'],
              macroName: values.macro,
            })
          : compileReportSql(rules.checked, DIALECTS[dialectName], {
              table,
              columns: allColumns,
              settings,
              reportColumns: reportColumns(values, vendor?.reportColumns ?? DEFAULT_REPORT_COLUMNS),
            });
    } catch (error) {
      if (error instanceof SqlCompileError) {
        io.stderr.write(escapeLine(`channel-rules compile: ${where(rules, error)}${error.message}`) + '\n');
        return 1;
      }
      throw error;
    }
    for (const warning of compiled.warnings) {
      io.stderr.write(escapeLine(`channel-rules compile: warning: ${where(rules, warning)}${warning.message}`) + '\n');
    }
    await writeOutput(values.output, compiled.sql, io.stdout);
    return 0;
  },
};

type ReportFlags = Partial<Record<'user-column' | 'time-column' | 'event-type-column' | 'session-column' | 'order-column' | 'session-timeout' | 'conversion' | 'lookback' | 'half-life' | 'models', string>>;

function systemOption(value: string | undefined): WarehouseSystem | undefined {
  if (value === undefined || value === 'plain') return undefined;
  if (!(WAREHOUSE_SYSTEMS as readonly string[]).includes(value)) {
    const auto = value === 'auto' ? ' (compile cannot look at the table to guess: name the system)' : '';
    throw new UsageError(`compile: unknown --from "${value}"${auto}; expected plain, ${WAREHOUSE_SYSTEMS.join(', ')}`);
  }
  return value as WarehouseSystem;
}

function vendorColumns(system: WarehouseSystem, dialect: Dialect, fields: readonly string[], overrides: ReadonlyMap<string, ColumnSource>): WarehouseColumns {
  try {
    return warehouseColumns(WAREHOUSE_SOURCES[system], dialect, fields, overrides);
  } catch (error) {
    if (error instanceof WarehouseSourceError) throw new UsageError(`compile: ${error.message}`);
    throw error;
  }
}

function reportColumns(values: ReportFlags, defaults: ReportColumns): ReportColumns {
  const pick = (flag: keyof ReportFlags) => {
    const value = values[flag];
    return value === undefined ? undefined : columnSource('compile', `--${flag}`, value);
  };
  return {
    user: pick('user-column') ?? defaults.user,
    time: pick('time-column') ?? defaults.time,
    eventType: pick('event-type-column') ?? defaults.eventType,
    session: pick('session-column') ?? defaults.session,
    order: pick('order-column') ?? defaults.order,
  };
}

function dialectOption(value: string | undefined): DialectName {
  if (value === undefined) throw new UsageError(`compile: --dialect is required (${DIALECT_NAMES.join(', ')})`);
  if (!(DIALECT_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`compile: unknown dialect "${value}" (expected ${DIALECT_NAMES.join(', ')})`);
  }
  return value as DialectName;
}

function where(rules: LoadedRules, located: { span?: { start: number } }): string {
  if (located.span === undefined) return `${rules.file}: `;
  const position = rules.lineIndex.position(located.span.start);
  return `${rules.file}:${position.line + 1}:${position.character + 1}: `;
}

async function writeOutput(file: string | undefined, text: string, stdout: NodeJS.WritableStream): Promise<void> {
  if (file === undefined) {
    stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`compile: cannot write ${file}: ${(error as Error).message}`);
  }
}
