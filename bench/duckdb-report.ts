// The report of SPEC §4–6 written as DuckDB SQL over the same NDJSON file, for the
// benchmark's comparison with a warehouse-style run. The channel is the CASE expression
// that engine/sql compiles from the rules; the rest (fields, sessions, channel figures,
// attribution) is plain SQL here.
//
// Differences from the engine, accepted for a benchmark and stated here: SQL has one
// NULL for a missing and a null field, so a top-level null does not hide an
// event_properties / user_properties value; `referring_domain` is derived from
// `referrer` with a regex (http(s) URLs only); times are parsed by DuckDB's TIMESTAMP
// cast (ISO-8601 and `YYYY-MM-DD HH:MM:SS`, offsets ignored); the user is
// coalesce(user_id, device_id); "file order" for ties is DuckDB's scan order.

export interface DuckdbReportOptions {
  /** The NDJSON file. */
  file: string;
  /** SQL expression over the field columns giving the channel (NULL when unclassified). */
  channelExpression: string;
  /** The fields the rules test (flattened names without dots are supported). */
  fields: readonly string[];
  conversion: string;
  lookbackMs: number;
  sessionTimeoutMs: number;
  halfLifeMs: number;
}

export interface DuckdbReportQueries {
  /** Statements that build the tables (run in order). */
  setup: string[];
  /** Queries whose rows are the report's figures. */
  channels: string;
  sessions: string;
  attribution: string;
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteString = (text: string) => `'${text.replace(/'/g, "''")}'`;

const META_COLUMNS = ['user_id', 'device_id', 'time', 'timestamp', 'event_time', 'client_event_time', 'event_type', 'event'];

export function duckdbReportQueries(options: DuckdbReportOptions): DuckdbReportQueries {
  const fields = options.fields.filter((field) => !field.includes('.'));
  if (fields.length !== options.fields.length) {
    throw new Error(`the DuckDB comparison supports plain field names only, not ${options.fields.filter((f) => f.includes('.')).join(', ')}`);
  }
  const needsReferrer = fields.includes('referring_domain') && !fields.includes('referrer');
  const sourceFields = needsReferrer ? [...fields, 'referrer'] : fields;
  const topLevel = [...new Set([...META_COLUMNS, ...sourceFields])];
  const struct = `STRUCT(${sourceFields.map((field) => `${quoteIdentifier(field)} VARCHAR`).join(', ')})`;
  const columns = [
    ...topLevel.map((column) => `${quoteString(column)}: 'VARCHAR'`),
    `'event_properties': ${quoteString(struct)}`,
    `'user_properties': ${quoteString(struct)}`,
  ].join(', ');

  const lookup = (field: string) =>
    `coalesce(raw.${quoteIdentifier(field)}, raw.event_properties.${quoteIdentifier(field)}, raw.user_properties.${quoteIdentifier(field)})`;
  const fieldColumn = (field: string) => {
    if (field !== 'referring_domain') return `${lookup(field)} AS ${quoteIdentifier(field)}`;
    const derived = `nullif(regexp_replace(lower(regexp_extract(${lookup('referrer')}, '^[hH][tT][tT][pP][sS]?://([^/?#:]+)', 1)), '^www\\.', ''), '')`;
    return `coalesce(${lookup(field)}, ${derived}) AS ${quoteIdentifier(field)}`;
  };
  const eventTime = `coalesce(raw."time", raw."timestamp", raw.event_time, raw.client_event_time)`;
  const timeMs = `CASE WHEN regexp_full_match(${eventTime}, '\\d+') THEN CAST(${eventTime} AS BIGINT) ELSE epoch_ms(CAST(${eventTime} AS TIMESTAMP)) END`;

  const setup = [
    `CREATE OR REPLACE TEMP TABLE raw_events AS
       SELECT row_number() OVER () AS line, *
       FROM read_json(${quoteString(options.file)}, format = 'newline_delimited', columns = {${columns}})`,
    `CREATE OR REPLACE TEMP TABLE fields AS
       SELECT line,
              coalesce(raw.user_id, raw.device_id) AS user_key,
              ${timeMs} AS ms,
              coalesce(raw.event_type, raw."event") AS event_kind,
              ${fields.map(fieldColumn).join(',\n              ')}
       FROM raw_events AS raw`,
    `CREATE OR REPLACE TEMP TABLE events AS
       WITH classified AS (
         SELECT line, user_key, ms, event_kind, (${options.channelExpression}) AS channel
         FROM fields
         WHERE user_key IS NOT NULL AND ms IS NOT NULL
       ),
       gaps AS (
         SELECT *, ms - lag(ms) OVER (PARTITION BY user_key ORDER BY ms, line) AS gap FROM classified
       )
       SELECT *, sum(CASE WHEN gap IS NULL OR gap > ${options.sessionTimeoutMs} THEN 1 ELSE 0 END)
                   OVER (PARTITION BY user_key ORDER BY ms, line ROWS UNBOUNDED PRECEDING) AS session_no
       FROM gaps`,
  ];

  const channels = `
    SELECT coalesce(channel, '(unclassified)') AS channel, event_kind, count(DISTINCT user_key) AS uniques, count(*) AS totals
    FROM events
    GROUP BY GROUPING SETS ((channel), (channel, event_kind))
    ORDER BY 1, 2 NULLS FIRST`;

  const sessions = `
    WITH per_session AS (
      SELECT user_key, session_no,
             first(channel ORDER BY ms, line) FILTER (WHERE channel IS NOT NULL) AS entry,
             last(channel ORDER BY ms, line) FILTER (WHERE channel IS NOT NULL) AS exit,
             bool_or(channel IS NULL) AS has_unclassified
      FROM events GROUP BY user_key, session_no
    ),
    totals AS (
      SELECT channel, count(DISTINCT (user_key, session_no)) AS totals FROM events WHERE channel IS NOT NULL GROUP BY channel
      UNION ALL SELECT '(unclassified)', count(*) FROM per_session WHERE has_unclassified HAVING count(*) > 0
    ),
    entries AS (SELECT entry AS channel, count(*) AS entries FROM per_session WHERE entry IS NOT NULL GROUP BY entry),
    exits AS (SELECT exit AS channel, count(*) AS exits FROM per_session WHERE exit IS NOT NULL GROUP BY exit)
    SELECT totals.channel, totals.totals, coalesce(entries, 0) AS entries, coalesce(exits, 0) AS exits,
           (SELECT count(*) FROM per_session) AS session_count
    FROM totals LEFT JOIN entries USING (channel) LEFT JOIN exits USING (channel)
    ORDER BY 1`;

  // Shares as decimal literals (0.4, not 0.4000000000000001): DuckDB keeps them exact.
  const decimal = (share: number) => share.toFixed(1);
  const shaped = (first: number, last: number, firstOfTwo: number) =>
    `CASE WHEN n = 1 THEN 1.0 WHEN n = 2 THEN (CASE WHEN pos = 1 THEN ${decimal(firstOfTwo)} ELSE ${decimal(1 - firstOfTwo)} END)
          WHEN pos = 1 THEN ${decimal(first)} WHEN pos = n THEN ${decimal(last)} ELSE ${decimal(1 - first - last)} / (n - 2) END`;
  const attribution = `
    WITH conversions AS (
      SELECT line AS conversion_line, user_key, ms FROM events WHERE event_kind = ${quoteString(options.conversion)}
    ),
    touches AS (
      SELECT c.conversion_line, c.user_key, t.channel, c.ms - t.ms AS age,
             row_number() OVER (PARTITION BY c.conversion_line ORDER BY t.ms, t.line) AS pos,
             count(*) OVER (PARTITION BY c.conversion_line) AS n
      FROM conversions AS c
      JOIN events AS t
        ON t.user_key = c.user_key AND t.ms <= c.ms AND t.ms >= c.ms - ${options.lookbackMs}
       AND t.channel IS NOT NULL AND t.event_kind IS DISTINCT FROM ${quoteString(options.conversion)}
    ),
    credits AS (
      SELECT 'first_touch' AS model, user_key, channel, CASE WHEN pos = 1 THEN 1.0 ELSE 0.0 END AS credit FROM touches
      UNION ALL SELECT 'last_touch', user_key, channel, CASE WHEN pos = n THEN 1.0 ELSE 0.0 END FROM touches
      UNION ALL SELECT 'linear', user_key, channel, 1.0 / n FROM touches
      UNION ALL SELECT 'participation', user_key, channel, 1.0 FROM (SELECT DISTINCT conversion_line, user_key, channel FROM touches)
      UNION ALL SELECT 'position_based', user_key, channel, ${shaped(0.4, 0.4, 0.5)} FROM touches
      UNION ALL SELECT 'j_shaped', user_key, channel, ${shaped(0.2, 0.6, 0.3)} FROM touches
      UNION ALL SELECT 'inverse_j_shaped', user_key, channel, ${shaped(0.6, 0.2, 0.7)} FROM touches
      UNION ALL SELECT 'time_decay', user_key, channel,
                       pow(2, -age / ${options.halfLifeMs}) / sum(pow(2, -age / ${options.halfLifeMs})) OVER (PARTITION BY conversion_line)
                FROM touches
    ),
    untouched AS (
      SELECT user_key FROM conversions AS c
      WHERE NOT EXISTS (SELECT 1 FROM touches AS t WHERE t.conversion_line = c.conversion_line)
    ),
    models(model) AS (VALUES ('first_touch'), ('last_touch'), ('linear'), ('participation'), ('position_based'),
                             ('j_shaped'), ('inverse_j_shaped'), ('time_decay'))
    SELECT model, channel, count(DISTINCT user_key) FILTER (WHERE credit > 0) AS uniques, round(sum(credit), 6) AS totals
    FROM credits GROUP BY model, channel HAVING sum(credit) > 0
    UNION ALL
    SELECT model, '(no touch)', count(DISTINCT user_key), count(*) FROM models, untouched GROUP BY model
    ORDER BY 1, 2`;

  return { setup, channels, sessions, attribution };
}
