SELECT
  *,
  CASE
    WHEN "utm_source" IN ('amazon', 'ebay', 'it\'s', 'back\\slash', 'dash--dash', 'dollar\x24\x24sign', 'line\nbreak', 'brace{x}') AND REGEXP_LIKE("utm_medium", '.*(^((\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*cp(\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*|ppc|paid(\\\\|]|\\[|\\^|-|[\u0001-\t\u000B-\u000C\u000E-,.-Z_-‧\u202A-􏿿])*)\x24).*', 's') THEN 'Bob\'s "Paid" -- Search \x24\x24'
    WHEN "gclid" IS NOT NULL AND ("utm_medium" IS NULL OR NOT ("utm_medium" = 'organic')) THEN 'Bob\'s "Paid" -- Search \x24\x24'
    WHEN REGEXP_LIKE("utm_medium", '.*(^[Ee]-[Mm][Aa][Ii][Ll]\x24).*', 's') THEN 'Email'
    WHEN REGEXP_LIKE("utm_source", '.*([Nn][Ee][Ww][Ssſ][Ll][Ee][Tt][Tt][Ee][Rr]).*', 's') AND NOT ("utm_source" IS NOT NULL AND RIGHT("utm_source", 5) = '.test') THEN 'Email'
    WHEN REGEXP_LIKE("utm_campaign", '.*(^[Ssſ][KkK]).*', 's') THEN 'Kelvin K and long ſ'
    WHEN REGEXP_LIKE("utm_campaign", '.*(k[0-9]{2,3}\x24).*', 's') THEN 'Kelvin K and long ſ'
    WHEN REGEXP_LIKE("event_properties.page title", '.*(^(\\\\|]|\\[|\\^|-|[\u0001-\u0008\u000E-\u001F!-,.0-Z_-\u009F¡-ᙿᚁ-\u1FFF\u200B-‧\u202A-\u202E‰-⁞\u2060-⿿、-\uFEFE\uFF00-􏿿])+\\.([Cc][Oo][Mm]|[Dd][Ee])\x24).*', 's') THEN 'Unicode'
    WHEN RIGHT("referring_domain", 9) = '.xn--p1ai' OR "referring_domain" = 'яндекс.рф' THEN 'Unicode'
    WHEN "utm_content" IS NULL AND "utm_id" IS NULL AND "utm_source" IS NOT NULL AND "utm_medium" = '' THEN 'Nulls'
    ELSE 'Other\'s'
  END AS "channel"
FROM "analytics"."events"
