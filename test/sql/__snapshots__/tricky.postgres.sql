SELECT
  *,
  CASE
    WHEN "utm_source" IN ('amazon', 'ebay', 'it''s', E'back\\slash', 'dash--dash', E'dollar\x24\x24sign', E'line\nbreak', 'brace{x}') AND ("utm_medium" ~ E'^(?:[^\\u000A\\u000D\\u2028-\\u2029]*cp[^\\u000A\\u000D\\u2028-\\u2029]*|ppc|paid[^\\u000A\\u000D\\u2028-\\u2029]*)\\Z') THEN E'Bob\'s "Paid" -- Search \x24\x24'
    WHEN "gclid" IS NOT NULL AND ("utm_medium" IS NULL OR NOT ("utm_medium" = 'organic')) THEN E'Bob\'s "Paid" -- Search \x24\x24'
    WHEN ("utm_medium" ~ E'^[Ee]\\-[Mm][Aa][Ii][Ll]\\Z') THEN 'Email'
    WHEN ("utm_source" ~ E'[Nn][Ee][Ww][Ss\\u017F][Ll][Ee][Tt][Tt][Ee][Rr]') AND NOT ("utm_source" IS NOT NULL AND RIGHT("utm_source", 5) = '.test') THEN 'Email'
    WHEN ("utm_campaign" ~ E'^[Ss\\u017F][Kk\\u212A]') THEN 'Kelvin K and long ſ'
    WHEN ("utm_campaign" ~ E'k[0-9]{2,3}\\Z') THEN 'Kelvin K and long ſ'
    WHEN ("event_properties.page title" ~ E'^[^\\u0009-\\u000D \\/\\u00A0\\u1680\\u2000-\\u200A\\u2028-\\u2029\\u202F\\u205F\\u3000\\uFEFF]+\\.(?:[Cc][Oo][Mm]|[Dd][Ee])\\Z') THEN 'Unicode'
    WHEN RIGHT("referring_domain", 9) = '.xn--p1ai' OR "referring_domain" = 'яндекс.рф' THEN 'Unicode'
    WHEN "utm_content" IS NULL AND "utm_id" IS NULL AND "utm_source" IS NOT NULL AND "utm_medium" = '' THEN 'Nulls'
    ELSE 'Other''s'
  END AS "channel"
FROM "analytics"."events"
