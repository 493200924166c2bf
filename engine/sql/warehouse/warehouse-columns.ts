// A system's warehouse module as what `compile` needs: the default table, an SQL
// expression per rule field, and the report's user, time, event type and session.
// Fields mapped with --columns are left to those mappings. A dialect without a
// documented table, and a derived `referring_domain`, are refused (WarehouseSourceError).

import type { ReportColumns } from '../compile-report-sql';
import type { ColumnSource } from '../compile-rules-sql';
import type { Dialect } from '../dialect';
import { REPORT_DIALECTS } from '../report-dialect';
import { epochMilliseconds, renderValueSource, type RenderContext } from './render-value-source';
import type { ValueSource } from './value-source';
import { CANONICAL_FIELDS, type CanonicalField, type WarehouseSource } from './warehouse-source';

/** A refusal of the system × dialect × rules at hand: a usage error of `compile` (exit 2). */
export class WarehouseSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseSourceError';
  }
}

export interface WarehouseColumns {
  table: string;
  /** Every rule field not in the overrides → its SQL. */
  columns: Map<string, ColumnSource>;
  reportColumns: ReportColumns;
}

export function warehouseColumns(
  source: WarehouseSource,
  dialect: Dialect,
  ruleFields: readonly string[],
  overrides: ReadonlyMap<string, ColumnSource>,
): WarehouseColumns {
  const table = source.tables[dialect.name];
  if (table === undefined) {
    throw new WarehouseSourceError(`--from ${source.system} has no ${dialect.title} table: ${source.refused[dialect.name] ?? 'none is documented'}`);
  }
  const context: RenderContext = {
    dialect,
    upperCase: dialect.name === 'snowflake' && source.upperCaseInSnowflake,
    textType: REPORT_DIALECTS[dialect.name].text,
  };
  const firstOf = (sources: readonly ValueSource[]): string => {
    const rendered = sources.map((value) => renderValueSource(value, context));
    if (rendered.length === 0) return renderValueSource({ kind: 'none' }, context);
    return rendered.length === 1 ? rendered[0]! : `COALESCE(${rendered.join(', ')})`;
  };
  const expression = (sql: string): ColumnSource => ({ kind: 'expression', sql });

  const columns = new Map<string, ColumnSource>();
  for (const field of ruleFields) {
    if (overrides.has(field)) continue;
    if (field === 'referring_domain') throw derivedReferringDomain(source, firstOf);
    const canonical = (CANONICAL_FIELDS as readonly string[]).includes(field) ? source.fields[field as CanonicalField] : undefined;
    columns.set(field, expression(firstOf(canonical ?? source.otherField(field))));
  }
  return {
    // The loader created the table unquoted too.
    table: context.upperCase ? table.table.toUpperCase() : table.table,
    columns,
    reportColumns: {
      user: expression(firstOf(source.user)),
      time: expression(epochMilliseconds(firstOf(source.time.sources), source.time.unit, dialect)),
      eventType: expression(firstOf(source.eventType)),
      session: expression(firstOf(source.session)),
    },
  };
}

// The engine derives referring_domain from the referrer (the WHATWG URL parser's host,
// lower-cased, without `www.`) whenever the system gives none; no SQL function parses
// URLs that way, so the field must be mapped by the user.
function derivedReferringDomain(source: WarehouseSource, firstOf: (sources: readonly ValueSource[]) => string): WarehouseSourceError {
  const own = source.fields.referring_domain;
  const hint = own.length === 0 ? '' : ` (${source.title} keeps one in ${firstOf(own)}: --columns 'referring_domain=(${firstOf(own)})', which the engine would only complete from the referrer where it is missing)`;
  return new WarehouseSourceError(
    `the rules test referring_domain, which the engine derives from the referrer's URL where ${source.system} gives none; SQL cannot parse URLs the same way, so map it with --columns referring_domain=COLUMN or (SQL)${hint}`,
  );
}
