SELECT
  *,
  CASE
    WHEN "utm_source" = '(direct)' AND "utm_medium" IN ('(none)', '(not set)') THEN 'Direct'
    WHEN "utm_source" IS NULL AND "referrer" IS NULL THEN 'Direct'
    WHEN "utm_source" IN ('google', 'bing', 'duckduckgo', 'yahoo', 'baidu') AND regexp_matches("utm_medium", '^(?:[^\x{A}\x{D}\x{2028}-\x{2029}]*cp[^\x{A}\x{D}\x{2028}-\x{2029}]*|ppc|retargeting|paid[^\x{A}\x{D}\x{2028}-\x{2029}]*)\z') THEN 'Paid Search'
    WHEN "gclid" IS NOT NULL THEN 'Paid Search'
    WHEN regexp_matches("utm_medium", '^[Ee][Mm][Aa][Ii][Ll]\z') THEN 'Email'
    WHEN regexp_matches("utm_source", '[Nn][Ee][Ww][Ss\x{17F}][Ll][Ee][Tt][Tt][Ee][Rr]') THEN 'Email'
    WHEN RIGHT("referring_domain", 11) = '.google.com' OR "referring_domain" IN ('google.com', 'bing.com') THEN 'Organic Search'
    ELSE 'Unassigned'
  END AS "channel"
FROM "analytics"."events"
