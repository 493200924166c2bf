WITH
  input_events AS (
    SELECT
      CAST("user_id" AS TEXT) AS u,
      CAST("time" AS BIGINT) AS t,
      CAST("event_type" AS TEXT) AS et,
      CAST("session_id" AS TEXT) AS sid,
      "event_id" AS ord,
      CASE
        WHEN "utm_source" = '(direct)' AND "utm_medium" IN ('(none)', '(not set)') THEN 'Direct'
        WHEN "utm_source" IS NULL AND "referrer" IS NULL THEN 'Direct'
        WHEN "utm_source" IN ('google', 'bing', 'duckduckgo', 'yahoo', 'baidu') AND ("utm_medium" ~ E'^(?:[^\\u000A\\u000D\\u2028-\\u2029]*cp[^\\u000A\\u000D\\u2028-\\u2029]*|ppc|retargeting|paid[^\\u000A\\u000D\\u2028-\\u2029]*)\\Z') THEN 'Paid Search'
        WHEN "gclid" IS NOT NULL THEN 'Paid Search'
        WHEN ("utm_medium" ~ E'^[Ee][Mm][Aa][Ii][Ll]\\Z') THEN 'Email'
        WHEN ("utm_source" ~ E'[Nn][Ee][Ww][Ss\\u017F][Ll][Ee][Tt][Tt][Ee][Rr]') THEN 'Email'
        WHEN RIGHT("referring_domain", 11) = '.google.com' OR "referring_domain" IN ('google.com', 'bing.com') THEN 'Organic Search'
        ELSE 'Unassigned'
      END AS ch
    FROM "analytics"."events"
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
        ELSE CAST(SUM(CASE WHEN prev_t IS NULL OR t - prev_t > 1800000 THEN 1 ELSE 0 END) OVER (PARTITION BY u ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS TEXT)
      END AS s
    FROM timeline CROSS JOIN mode
  ),
  channel_list AS (
    SELECT 0 AS position, 'Direct' AS channel
    UNION ALL SELECT 1 AS position, 'Paid Search' AS channel
    UNION ALL SELECT 2 AS position, 'Email' AS channel
    UNION ALL SELECT 3 AS position, 'Organic Search' AS channel
    UNION ALL SELECT 4 AS position, 'Unassigned' AS channel
  ),
  model_list AS (
    SELECT 0 AS position, 'first_touch' AS model
    UNION ALL SELECT 1 AS position, 'last_touch' AS model
    UNION ALL SELECT 2 AS position, 'linear' AS model
    UNION ALL SELECT 3 AS position, 'participation' AS model
    UNION ALL SELECT 4 AS position, 'position_based' AS model
    UNION ALL SELECT 5 AS position, 'j_shaped' AS model
    UNION ALL SELECT 6 AS position, 'inverse_j_shaped' AS model
    UNION ALL SELECT 7 AS position, 'time_decay' AS model
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
  conversions AS (SELECT u, t, s, k FROM sessioned WHERE et = 'purchase'),
  touch_events AS (SELECT u, t, s, k, ch FROM sessioned WHERE ch IS NOT NULL AND (et IS NULL OR et <> 'purchase')),
  pairs AS (
    SELECT c.u AS u, c.k AS ck, x.k AS tk, x.ch AS ch, c.t - x.t AS age
    FROM conversions AS c JOIN touch_events AS x ON x.u = c.u AND x.t <= c.t AND c.t - x.t <= 604800000
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
    SELECT 'first_touch' AS model, u, ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches WHERE j = 1
    UNION ALL SELECT 'first_touch' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'last_touch' AS model, u, ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches WHERE j = n
    UNION ALL SELECT 'last_touch' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'linear' AS model, u, ch, CAST(1 AS BIGINT) AS num, CAST(n AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches
    UNION ALL SELECT 'linear' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'participation' AS model, u, ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM (SELECT DISTINCT u, ck, ch FROM touches) AS distinct_touches
    UNION ALL SELECT 'participation' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'position_based' AS model, u, ch, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 THEN (CASE WHEN j = 1 THEN 5 ELSE 5 END) WHEN j = 1 THEN 4 WHEN j = n THEN 4 ELSE 2 END AS BIGINT) AS num, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 OR j = 1 OR j = n THEN 10 ELSE 10 * (n - 2) END AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches
    UNION ALL SELECT 'position_based' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'j_shaped' AS model, u, ch, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 THEN (CASE WHEN j = 1 THEN 3 ELSE 7 END) WHEN j = 1 THEN 2 WHEN j = n THEN 6 ELSE 2 END AS BIGINT) AS num, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 OR j = 1 OR j = n THEN 10 ELSE 10 * (n - 2) END AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches
    UNION ALL SELECT 'j_shaped' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'inverse_j_shaped' AS model, u, ch, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 THEN (CASE WHEN j = 1 THEN 7 ELSE 3 END) WHEN j = 1 THEN 6 WHEN j = n THEN 2 ELSE 2 END AS BIGINT) AS num, CAST(CASE WHEN n = 1 THEN 1 WHEN n = 2 OR j = 1 OR j = n THEN 10 ELSE 10 * (n - 2) END AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM touches
    UNION ALL SELECT 'inverse_j_shaped' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
    UNION ALL
    SELECT 'time_decay' AS model, u, ch, CAST(NULL AS BIGINT) AS num, CAST(NULL AS BIGINT) AS den,
        weight / SUM(weight) OVER (PARTITION BY u, ck) AS w FROM (SELECT u, ck, ch, CASE WHEN -CAST(age - youngest AS DOUBLE PRECISION) / CAST(604800000.0 AS DOUBLE PRECISION) <= -1075 THEN CAST(0 AS DOUBLE PRECISION) ELSE POWER(CAST(2 AS DOUBLE PRECISION), -CAST(age - youngest AS DOUBLE PRECISION) / CAST(604800000.0 AS DOUBLE PRECISION)) END AS weight FROM touches) AS weighed
    UNION ALL SELECT 'time_decay' AS model, u, '(no touch)' AS ch, CAST(1 AS BIGINT) AS num, CAST(1 AS BIGINT) AS den, CAST(NULL AS DOUBLE PRECISION) AS w FROM untouched
  ),
  exact_sums AS (SELECT model, ch, CAST(den AS NUMERIC) AS den, CAST(SUM(num) AS NUMERIC) * CAST('1000000000000000000000000' AS NUMERIC) AS scaled_num FROM credits WHERE den IS NOT NULL GROUP BY model, ch, den),
  exact_totals AS (
    SELECT model, ch,
      SUM(DIV(scaled_num + den - 1, den)) AS scaled,
      SUM(CASE WHEN MOD(scaled_num, den) = 0 THEN 0 ELSE 1 END) AS inexact
    FROM exact_sums GROUP BY model, ch
  ),
  float_totals AS (SELECT model, ch, SUM(w) AS total FROM credits WHERE den IS NULL GROUP BY model, ch),
  model_totals AS (
    SELECT keys.model AS model, keys.ch AS ch,
      CASE
        WHEN f.total IS NOT NULL THEN CAST(ROUND(CAST(CAST(COALESCE(CAST(e.scaled AS DOUBLE PRECISION) / CAST(CAST('1000000000000000000000000' AS NUMERIC) AS DOUBLE PRECISION), 0) + f.total AS DOUBLE PRECISION) AS NUMERIC), 6) AS DOUBLE PRECISION)
        WHEN e.inexact > 0 AND MOD(e.scaled + CAST('500000000000000000' AS NUMERIC), CAST('1000000000000000000' AS NUMERIC)) < e.inexact THEN CAST(CAST(CONCAT('channel-rules: the ', keys.model, ' credit of ', keys.ch, ' is within 10^-24 of a rounding boundary, where SQL cannot round it exactly; use channel-rules report') AS INTEGER) AS DOUBLE PRECISION)
        ELSE CAST(DIV(e.scaled + CAST('500000000000000000' AS NUMERIC), CAST('1000000000000000000' AS NUMERIC)) AS DOUBLE PRECISION) / CAST(1000000 AS DOUBLE PRECISION)
      END AS total
    FROM (SELECT DISTINCT model, ch FROM (SELECT model, ch FROM exact_totals UNION ALL SELECT model, ch FROM float_totals) AS all_keys) AS keys
    LEFT JOIN exact_totals AS e ON e.model = keys.model AND e.ch = keys.ch
    LEFT JOIN float_totals AS f ON f.model = keys.model AND f.ch = keys.ch
  ),
  model_uniques AS (SELECT model, ch, COUNT(DISTINCT u) AS uniques FROM credits GROUP BY model, ch),
  report AS (
    SELECT 0 AS section_order, 'summary' AS section, CAST(NULL AS TEXT) AS model, 0 AS model_order, CAST(NULL AS TEXT) AS channel, 0 AS channel_order, CAST(NULL AS TEXT) AS event_type, 0 AS type_order, metric, metric_order, value
    FROM (
      SELECT 'events' AS metric, 0 AS metric_order, CAST((SELECT COUNT(*) FROM valid) AS DOUBLE PRECISION) AS value
      UNION ALL SELECT 'skipped', 1, CAST((SELECT COUNT(*) FROM input_events) - (SELECT COUNT(*) FROM valid) AS DOUBLE PRECISION)
      UNION ALL SELECT 'users', 2, CAST((SELECT COUNT(DISTINCT u) FROM valid) AS DOUBLE PRECISION)
      UNION ALL SELECT 'sessionCount', 3, CAST((SELECT COUNT(*) FROM (SELECT DISTINCT u, s FROM sessioned WHERE s IS NOT NULL) AS sessions) AS DOUBLE PRECISION)
    ) AS summary
    UNION ALL
    SELECT 1, 'channels', NULL, 0, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      CAST(COALESCE(CASE m.metric WHEN 'uniques' THEN cc.uniques ELSE cc.totals END, 0) AS DOUBLE PRECISION)
    FROM (SELECT position, channel FROM channel_list UNION ALL SELECT 5, '(unclassified)' FROM channel_counts WHERE ch IS NULL) AS cl
    LEFT JOIN channel_counts AS cc ON cc.ch = cl.channel OR (cc.ch IS NULL AND cl.channel = '(unclassified)')
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
    UNION ALL
    SELECT 2, 'channels', NULL, 0, COALESCE(tc.ch, '(unclassified)'), COALESCE(cl.position, 5), tc.et, CAST(tor.first_ord AS BIGINT), m.metric, m.metric_order,
      CAST(CASE m.metric WHEN 'uniques' THEN tc.uniques ELSE tc.totals END AS DOUBLE PRECISION)
    FROM type_counts AS tc
    JOIN type_order AS tor ON tor.et = tc.et
    LEFT JOIN channel_list AS cl ON cl.channel = tc.ch
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
    UNION ALL
    SELECT 3, 'sessions', NULL, 0, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      CAST(COALESCE(CASE m.metric WHEN 'totals' THEN st.totals WHEN 'entries' THEN se.n ELSE sx.n END, 0) AS DOUBLE PRECISION)
    FROM (SELECT position, channel FROM channel_list UNION ALL SELECT 5, '(unclassified)' FROM session_totals WHERE ch IS NULL) AS cl
    LEFT JOIN session_totals AS st ON st.ch = cl.channel OR (st.ch IS NULL AND cl.channel = '(unclassified)')
    LEFT JOIN session_entries AS se ON se.ch = cl.channel
    LEFT JOIN session_exits AS sx ON sx.ch = cl.channel
    CROSS JOIN (SELECT 'totals' AS metric, 0 AS metric_order UNION ALL SELECT 'entries', 1 UNION ALL SELECT 'exits', 2) AS m
    UNION ALL
    SELECT 4, 'attribution', ml.model, ml.position, cl.channel, cl.position, NULL, 0, m.metric, m.metric_order,
      CASE m.metric
        WHEN 'uniques' THEN CAST(COALESCE(mu.uniques, 0) AS DOUBLE PRECISION)
        ELSE COALESCE(mt.total, 0)
      END
    FROM model_list AS ml
    CROSS JOIN (
      SELECT position, channel FROM channel_list
      UNION ALL SELECT 5, '(no touch)' FROM (SELECT 1 AS one) AS one WHERE EXISTS (SELECT 1 FROM untouched)
    ) AS cl
    LEFT JOIN model_totals AS mt ON mt.model = ml.model AND mt.ch = cl.channel
    LEFT JOIN model_uniques AS mu ON mu.model = ml.model AND mu.ch = cl.channel
    CROSS JOIN (SELECT 'uniques' AS metric, 0 AS metric_order UNION ALL SELECT 'totals', 1) AS m
  )
SELECT section, model, channel, event_type, metric, value
FROM report
ORDER BY section_order, model_order, channel_order, type_order, metric_order
