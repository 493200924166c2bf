// `channel-rules compile --report`: one SQL query computing the whole report of SPEC
// §4–6 (what `channel-rules report` computes) inside the warehouse, for DuckDB and
// BigQuery. The channel of each row is the CASE expression of ./compile-channel-case;
// sessions, channel counts and attribution follow engine/report step by step:
//
//   input_events user, time (epoch ms), event type, session id, tie order, channel
//   valid      rows with a user and a time (the others are counted as skipped)
//   timeline   per user by time, ties by the order column: position k, previous time
//   sessioned  session key s: the session id (when any row has one; `-1` = none), else
//              the running count of gaps longer than the timeout
//   pairs      conversion × touch: same user, touch has a channel and is no conversion,
//              at or before the conversion, within the lookback (or the same session)
//   credits    one row per credited touch and model; exact models as num/den
//
//   exact_*    rational credits summed exactly: per denominator as integers, each sum
//              scaled by 10^24 and divided rounding up, the fractions' count bounding
//              the error; rounded half up to 6 places, or the query stops when the
//              bound straddles a rounding boundary (docs/sql.md, "Exact credits")
//
// The result is long: (section, model, channel, event_type, metric, value), ordered as
// the JSON report is (docs/sql.md). Every dialect has it (./report-dialect).

import type { CheckedRules } from '../check/checked-rules';
import type { AttributionModel } from '../report/attribution-models';
import type { ReportSettings } from '../report/report-settings';
import { NO_TOUCH_CHANNEL, UNCLASSIFIED_CHANNEL } from '../report/report';
import { compileChannelCase, type SqlWarning } from './compile-channel-case';
import { columnSql, tableSql, type ColumnSource } from './compile-rules-sql';
import type { Dialect } from './dialect';
import { REPORT_DIALECTS, type ReportDialect } from './report-dialect';

/** Where the report reads each event's user, time, type, session and tie order. */
export interface ReportColumns {
  user: ColumnSource;
  /** Epoch milliseconds (an integer). */
  time: ColumnSource;
  eventType: ColumnSource;
  session: ColumnSource;
  /** Breaks ties between a user's events with equal times (file order); none: unspecified. */
  order?: ColumnSource;
}

export const DEFAULT_REPORT_COLUMNS: ReportColumns = {
  user: { kind: 'column', name: 'user_id' },
  time: { kind: 'column', name: 'time' },
  eventType: { kind: 'column', name: 'event_type' },
  session: { kind: 'column', name: 'session_id' },
};

export interface ReportSqlOptions {
  table?: string;
  /** Rule fields → columns, as for the channel CASE. */
  columns?: ReadonlyMap<string, ColumnSource>;
  reportColumns?: ReportColumns;
  settings: ReportSettings;
}

export function compileReportSql(rules: CheckedRules, dialect: Dialect, options: ReportSqlOptions): { sql: string; warnings: SqlWarning[] } {
  const types = REPORT_DIALECTS[dialect.name];
  const { settings } = options;
  const meta = options.reportColumns ?? DEFAULT_REPORT_COLUMNS;
  const source = (column: ColumnSource) => (column.kind === 'column' ? dialect.identifier(column.name) : `(${column.sql})`);
  const channel = compileChannelCase(rules, dialect, (field) => columnSql(field, dialect, options.columns), { indent: '      ' });
  const text = (value: string) => dialect.string(value);
  const cast = (sql: string, type: string) => `CAST(${sql} AS ${type})`;
  const conversion = text(settings.conversion);
  const channels = rules.channels;

  const listOf = (rows: string[], empty: string) => (rows.length === 0 ? empty : rows.join('\n    UNION ALL '));
  const channelList = listOf(
    channels.map((name, position) => `SELECT ${position} AS position, ${text(name)} AS channel`),
    `SELECT ${cast('NULL', types.integer)} AS position, ${cast('NULL', types.text)} AS channel FROM (SELECT 1 AS one) AS nothing WHERE FALSE`,
  );
  const modelList = listOf(
    settings.models.map((model, position) => `SELECT ${position} AS position, ${text(model)} AS model`),
    `SELECT ${cast('NULL', types.integer)} AS position, ${cast('NULL', types.text)} AS model FROM (SELECT 1 AS one) AS nothing WHERE FALSE`,
  );

  const touchWindow =
    settings.lookback.kind === 'session'
      ? 'c.s IS NOT NULL AND x.s = c.s'
      : `c.t - x.t <= ${settings.lookback.duration.wholeMs}`;
  const halfLife = settings.halfLife.ms;
  const credits = settings.models.map((model) => creditsOf(model, text, types, halfLife)).join('\n    UNION ALL\n    ');
  const value = (sql: string) => cast(sql, types.float);
  // (No bare UNION below: BigQuery has only UNION ALL / UNION DISTINCT; SELECT DISTINCT over UNION ALL works everywhere.)
  const wide = (sql: string) => cast(sql, types.wide);
  // Exact credits are summed in units of 10^-24; a result unit (10^-6) is 10^18 of them.
  const SCALE = wide(text('1000000000000000000000000'));
  const UNIT = wide(text('1000000000000000000'));
  const HALF = wide(text('500000000000000000'));
  const unclassified = text(UNCLASSIFIED_CHANNEL);
  const noTouch = text(NO_TOUCH_CHANNEL);

  const sql = `WITH
  input_events AS (
    SELECT
      ${cast(source(meta.user), types.text)} AS u,
      ${cast(source(meta.time), types.integer)} AS t,
      ${cast(source(meta.eventType), types.text)} AS et,
      ${cast(source(meta.session), types.text)} AS sid,
      ${meta.order === undefined ? '0' : source(meta.order)} AS ord,
      ${channel.sql} AS ch
    FROM ${tableSql(options.table ?? 'events', dialect)}
  ),
  valid AS (SELECT * FROM input_events WHERE u IS NOT NULL AND t IS NOT NULL),
  timeline AS (
    SELECT valid.*,
      ROW_NUMBER() OVER (PARTITION BY u ORDER BY t, ord) AS k,
      LAG(t) OVER (PARTITION BY u ORDER BY t, ord) AS prev_t
    FROM valid
  ),
  mode AS (SELECT COUNT(sid) > 0 AS by_id FROM valid),
  sessioned AS (
    SELECT timeline.*,
      CASE
        WHEN mode.by_id THEN CASE WHEN sid IS NULL OR sid = '-1' THEN NULL ELSE sid END
        ELSE ${cast(`SUM(CASE WHEN prev_t IS NULL OR t - prev_t > ${settings.sessionTimeout.wholeMs} THEN 1 ELSE 0 END) OVER (PARTITION BY u ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`, types.text)}
      END AS s
    FROM timeline CROSS JOIN mode
  ),
  channel_list AS (
    ${channelList}
  ),
  model_list AS (
    ${modelList}
  ),
  type_order AS (SELECT et, MIN(ord) AS first_ord FROM valid WHERE et IS NOT NULL GROUP BY et),
  channel_counts AS (SELECT ch, COUNT(DISTINCT u) AS uniques, COUNT(*) AS totals FROM sessioned GROUP BY ch),
  type_counts AS (SELECT ch, et, COUNT(DISTINCT u) AS uniques, COUNT(*) AS totals FROM sessioned WHERE et IS NOT NULL GROUP BY ch, et),
  session_channels AS (SELECT DISTINCT u, s, ch FROM sessioned WHERE s IS NOT NULL),
  session_totals AS (SELECT ch, COUNT(*) AS totals FROM session_channels GROUP BY ch),
  session_ends AS (
    SELECT ch,
      ROW_NUMBER() OVER (PARTITION BY u, s ORDER BY k) AS from_start,
      ROW_NUMBER() OVER (PARTITION BY u, s ORDER BY k DESC) AS from_end
    FROM sessioned WHERE s IS NOT NULL AND ch IS NOT NULL
  ),
  session_entries AS (SELECT ch, COUNT(*) AS n FROM session_ends WHERE from_start = 1 GROUP BY ch),
  session_exits AS (SELECT ch, COUNT(*) AS n FROM session_ends WHERE from_end = 1 GROUP BY ch),
  conversions AS (SELECT u, t, s, k FROM sessioned WHERE et = ${conversion}),
  touch_events AS (SELECT u, t, s, k, ch FROM sessioned WHERE ch IS NOT NULL AND (et IS NULL OR et <> ${conversion})),
  pairs AS (
    SELECT c.u AS u, c.k AS ck, x.k AS tk, x.ch AS ch, c.t - x.t AS age
    FROM conversions AS c JOIN touch_events AS x ON x.u = c.u AND x.t <= c.t AND ${touchWindow}
  ),
  touches AS (
    SELECT pairs.*,
      ROW_NUMBER() OVER (PARTITION BY u, ck ORDER BY tk) AS j,
      COUNT(*) OVER (PARTITION BY u, ck) AS n,
      MIN(age) OVER (PARTITION BY u, ck) AS youngest
    FROM pairs
  ),
  untouched AS (
    SELECT c.u AS u FROM conversions AS c
    LEFT JOIN (SELECT DISTINCT u, ck FROM pairs) AS touched ON touched.u = c.u AND touched.ck = c.k
    WHERE touched.ck IS NULL
  ),
  credits AS (
    ${credits === '' ? `SELECT ${cast('NULL', types.text)} AS model, ${cast('NULL', types.text)} AS u, ${cast('NULL', types.text)} AS ch, ${cast('NULL', types.integer)} AS num, ${cast('NULL', types.integer)} AS den, ${cast('NULL', types.float)} AS w FROM (SELECT 1 AS one) AS nothing WHERE FALSE` : credits}
  ),
  exact_sums AS (SELECT model, ch, ${wide('den')} AS den, ${wide('SUM(num)')} * ${SCALE} AS scaled_num FROM credits WHERE den IS NOT NULL GROUP BY model, ch, den),
  exact_totals AS (
    SELECT model, ch,
      SUM(${types.intDiv('scaled_num + den - 1', 'den')}) AS scaled,
      SUM(CASE WHEN ${types.mod('scaled_num', 'den')} = 0 THEN 0 ELSE 1 END) AS inexact
    FROM exact_sums GROUP BY model, ch
  ),
  float_totals AS (SELECT model, ch, SUM(w) AS total FROM credits WHERE den IS NULL GROUP BY model, ch),
  model_totals AS (
    SELECT keys.model AS model, keys.ch AS ch,
      CASE
        WHEN f.total IS NOT NULL THEN ${types.round6(`COALESCE(${value('e.scaled')} / ${value(SCALE)}, 0) + f.total`)}
        WHEN e.inexact > 0 AND ${types.mod(`e.scaled + ${HALF}`, UNIT)} < e.inexact THEN ${types.fail(`CONCAT(${text('channel-rules: the ')}, keys.model, ${text(' credit of ')}, keys.ch, ${text(' is within 10^-24 of a rounding boundary, where SQL cannot round it exactly; use channel-rules report')})`)}
        ELSE ${value(types.intDiv(`e.scaled + ${HALF}`, UNIT))} / ${value('1000000')}
      END AS total
    FROM (SELECT DISTINCT model, ch FROM (SELECT model, ch FROM exact_totals UNION ALL SELECT model, ch FROM float_totals) AS all_keys) AS keys
    LEFT JOIN exact_totals AS e ON e.model = keys.model AND e.ch = keys.ch
    LEFT JOIN float_totals AS f ON f.model = keys.model AND f.ch = keys.ch
  ),
  model_uniques AS (SELECT model, ch, COUNT(DISTINCT u) AS uniques FROM credits GROUP BY model, ch),
  report AS (
    SELECT 0 AS section_order, 'summary' AS section, ${cast('NULL', types.text)} AS model, 0 AS model_order, ${cast('NULL', types.text)} AS channel, 0 AS channel_order, ${cast('NULL', types.text)} AS event_type, 0 AS type_order, metric, metric_order, value
    FROM (
      SELECT 'events' AS metric, 0 AS metric_order, ${value('(SELECT COUNT(*) FROM valid)')} AS value
      UNION ALL SELECT 'skipped', 1, ${value('(SELECT COUNT(*) FROM input_events) - (SELECT COUNT(*) FROM valid)')}
      UNION ALL SELECT 'users', 2, ${value('(SELECT COUNT(DISTINCT u) FROM valid)')}
      UNION ALL SELECT 'sessionCount', 3, ${value('(SELECT COUNT(*) FROM (SELECT DISTINCT u, s FROM sessioned WHERE s IS NOT NULL) AS sessions)')}
    ) AS summary
    UNION ALL
    SELECT 1, 'channels', NULL, 0, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      ${value(`COALESCE(CASE m.metric WHEN 'uniques' THEN cc.uniques ELSE cc.totals END, 0)`)}
    FROM (SELECT position, channel FROM channel_list UNION ALL SELECT ${channels.length}, ${unclassified} FROM channel_counts WHERE ch IS NULL) AS cl
    LEFT JOIN channel_counts AS cc ON cc.ch = cl.channel OR (cc.ch IS NULL AND cl.channel = ${unclassified})
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
    UNION ALL
    SELECT 2, 'channels', NULL, 0, COALESCE(tc.ch, ${unclassified}), COALESCE(cl.position, ${channels.length}), tc.et, ${cast('tor.first_ord', types.integer)}, m.metric, m.metric_order,
      ${value(`CASE m.metric WHEN 'uniques' THEN tc.uniques ELSE tc.totals END`)}
    FROM type_counts AS tc
    JOIN type_order AS tor ON tor.et = tc.et
    LEFT JOIN channel_list AS cl ON cl.channel = tc.ch
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
    UNION ALL
    SELECT 3, 'sessions', NULL, 0, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      ${value(`COALESCE(CASE m.metric WHEN 'totals' THEN st.totals WHEN 'entries' THEN se.n ELSE sx.n END, 0)`)}
    FROM (SELECT position, channel FROM channel_list UNION ALL SELECT ${channels.length}, ${unclassified} FROM session_totals WHERE ch IS NULL) AS cl
    LEFT JOIN session_totals AS st ON st.ch = cl.channel OR (st.ch IS NULL AND cl.channel = ${unclassified})
    LEFT JOIN session_entries AS se ON se.ch = cl.channel
    LEFT JOIN session_exits AS sx ON sx.ch = cl.channel
    CROSS JOIN (SELECT 'totals' AS metric, 0 AS metric_order UNION ALL SELECT 'entries', 1 UNION ALL SELECT 'exits', 2) AS m
    UNION ALL
    SELECT 4, 'attribution', ml.model, ml.position, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      CASE m.metric
        WHEN 'uniques' THEN ${value('COALESCE(mu.uniques, 0)')}
        ELSE COALESCE(mt.total, 0)
      END
    FROM model_list AS ml
    CROSS JOIN (
      SELECT position, channel FROM channel_list
      UNION ALL SELECT ${channels.length}, ${noTouch} FROM (SELECT 1 AS one) AS one WHERE EXISTS (SELECT 1 FROM untouched)
    ) AS cl
    LEFT JOIN model_totals AS mt ON mt.model = ml.model AND mt.ch = cl.channel
    LEFT JOIN model_uniques AS mu ON mu.model = ml.model AND mu.ch = cl.channel
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
  )
SELECT section, model, channel, event_type, metric, value
FROM report
ORDER BY section_order, model_order, channel_order, type_order, metric_order
`;
  return { sql, warnings: channel.warnings };
}

/** One model's credits: (model, user, channel, num, den, w); exact credits are num/den, time decay's w. */
function creditsOf(model: AttributionModel, text: (value: string) => string, types: ReportDialect, halfLifeMs: number): string {
  const name = text(model);
  const exact = (where: string, num: string, den: string, from = 'touches') =>
    `SELECT ${name} AS model, u, ch, ${castInt(num, types)} AS num, ${castInt(den, types)} AS den, ${`CAST(NULL AS ${types.float})`} AS w FROM ${from}${where === '' ? '' : ` WHERE ${where}`}`;
  const noTouch = `SELECT ${name} AS model, u, ${text(NO_TOUCH_CHANNEL)} AS ch, ${castInt('1', types)} AS num, ${castInt('1', types)} AS den, CAST(NULL AS ${types.float}) AS w FROM untouched`;
  const shaped = (first: number, middle: number, last: number, pair: [number, number]) =>
    exact(
      '',
      `CASE WHEN n = 1 THEN 1 WHEN n = 2 THEN (CASE WHEN j = 1 THEN ${pair[0]} ELSE ${pair[1]} END) WHEN j = 1 THEN ${first} WHEN j = n THEN ${last} ELSE ${middle} END`,
      `CASE WHEN n = 1 THEN 1 WHEN n = 2 OR j = 1 OR j = n THEN 10 ELSE 10 * (n - 2) END`,
    );
  let credited: string;
  switch (model) {
    case 'first_touch':
      credited = exact('j = 1', '1', '1');
      break;
    case 'last_touch':
      credited = exact('j = n', '1', '1');
      break;
    case 'linear':
      credited = exact('', '1', 'n');
      break;
    case 'participation':
      credited = exact('', '1', '1', '(SELECT DISTINCT u, ck, ch FROM touches) AS distinct_touches');
      break;
    case 'position_based':
      credited = shaped(4, 2, 4, [5, 5]);
      break;
    case 'j_shaped':
      credited = shaped(2, 2, 6, [3, 7]);
      break;
    case 'inverse_j_shaped':
      credited = shaped(6, 2, 2, [7, 3]);
      break;
    case 'time_decay': {
      // 2^(−(age − youngest)/h): the youngest touch weighs 1, so weights never all underflow.
      // Past 1,075 half-lives the weight is 0 in a double, as in the engine; PostgreSQL's
      // POWER raises "value out of range: underflow" there instead, so it is not asked.
      const exponent = `-CAST(age - youngest AS ${types.float}) / CAST(${floatLiteral(halfLifeMs)} AS ${types.float})`;
      const weight = `CASE WHEN ${exponent} <= -1075 THEN CAST(0 AS ${types.float}) ELSE POWER(CAST(2 AS ${types.float}), ${exponent}) END`;
      credited = `SELECT ${name} AS model, u, ch, CAST(NULL AS ${types.integer}) AS num, CAST(NULL AS ${types.integer}) AS den,
        weight / SUM(weight) OVER (PARTITION BY u, ck) AS w FROM (SELECT u, ck, ch, ${weight} AS weight FROM touches) AS weighed`;
      break;
    }
  }
  return `${credited}\n    UNION ALL ${noTouch}`;
}

function castInt(sql: string, types: ReportDialect): string {
  return `CAST(${sql} AS ${types.integer})`;
}

function floatLiteral(value: number): string {
  const textValue = String(value);
  return /[.eE]/.test(textValue) ? textValue : `${textValue}.0`;
}
