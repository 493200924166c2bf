SELECT
  *,
  CASE
    WHEN "utm_source" = '(direct)' AND "utm_medium" IN ('(none)', '(not set)') THEN 'Direct'
    WHEN "utm_source" IS NULL AND "referrer" IS NULL THEN 'Direct'
    WHEN "utm_source" IN ('google', 'bing', 'duckduckgo', 'yahoo', 'baidu') AND ("utm_medium" ~ E'^(?:[^\\u000A\\u000D\\u2028-\\u2029]*cp[^\\u000A\\u000D\\u2028-\\u2029]*|ppc|retargeting|paid[^\\u000A\\u000D\\u2028-\\u2029]*)\\Z') THEN 'Paid Search'
    WHEN "gclid" IS NOT NULL THEN 'Paid Search'
    WHEN ("utm_medium" ~ E'^[Ee][Mm][Aa][Ii][Ll]\\Z') THEN 'Email'
    WHEN ("utm_source" ~ E'[Nn][Ee][Ww][Ss\\u017F][Ll][Ee][Tt][Tt][Ee][Rr]') THEN 'Email'
    WHEN RIGHT("referring_domain", 11) = '.google.com' OR "referring_domain" IN ('google.com', 'bing.com') THEN 'Organic Search'
    ELSE 'Unassigned'
  END AS "channel"
FROM "analytics"."events"
