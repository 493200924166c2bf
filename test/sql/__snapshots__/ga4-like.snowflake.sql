SELECT
  *,
  CASE
    WHEN "utm_source" = '(direct)' AND "utm_medium" IN ('(none)', '(not set)') THEN 'Direct'
    WHEN "utm_source" IS NULL AND "referrer" IS NULL THEN 'Direct'
    WHEN "utm_source" IN ('google', 'bing', 'duckduckgo', 'yahoo', 'baidu') AND REGEXP_LIKE("utm_medium", '.*(^((\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*cp(\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*|ppc|retargeting|paid(\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*)\x24).*', 's') THEN 'Paid Search'
    WHEN "gclid" IS NOT NULL THEN 'Paid Search'
    WHEN REGEXP_LIKE("utm_medium", '.*(^[Ee][Mm][Aa][Ii][Ll]\x24).*', 's') THEN 'Email'
    WHEN REGEXP_LIKE("utm_source", '.*([Nn][Ee][Ww][Ssſ][Ll][Ee][Tt][Tt][Ee][Rr]).*', 's') THEN 'Email'
    WHEN RIGHT("referring_domain", 11) = '.google.com' OR "referring_domain" IN ('google.com', 'bing.com') THEN 'Organic Search'
    ELSE 'Unassigned'
  END AS "channel"
FROM "analytics"."events"
