CASE
  WHEN `utm_source` IN ('amazon', 'ebay', 'it\'s', 'back\\slash', 'dash--dash', 'dollar$$sign', 'line\nbreak', 'brace{x}') AND REGEXP_CONTAINS(`utm_medium`, '^(?:[^\\x{A}\\x{D}\\x{2028}-\\x{2029}]*cp[^\\x{A}\\x{D}\\x{2028}-\\x{2029}]*|ppc|paid[^\\x{A}\\x{D}\\x{2028}-\\x{2029}]*)\\z') THEN 'Bob\'s "Paid" -- Search $$'
  WHEN `gclid` IS NOT NULL AND (`utm_medium` IS NULL OR NOT (`utm_medium` = 'organic')) THEN 'Bob\'s "Paid" -- Search $$'
  WHEN REGEXP_CONTAINS(`utm_medium`, '^[Ee]\\-[Mm][Aa][Ii][Ll]\\z') THEN 'Email'
  WHEN REGEXP_CONTAINS(`utm_source`, '[Nn][Ee][Ww][Ss\\x{17F}][Ll][Ee][Tt][Tt][Ee][Rr]') AND NOT (`utm_source` IS NOT NULL AND RIGHT(`utm_source`, 5) = '.test') THEN 'Email'
  WHEN REGEXP_CONTAINS(`utm_campaign`, '^[Ss\\x{17F}][Kk\\x{212A}]') THEN 'Kelvin K and long ſ'
  WHEN REGEXP_CONTAINS(`utm_campaign`, 'k[0-9]{2,3}\\z') THEN 'Kelvin K and long ſ'
  WHEN REGEXP_CONTAINS(`event_properties.page title`, '^[^\\x{9}-\\x{D} \\/\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+\\.(?:[Cc][Oo][Mm]|[Dd][Ee])\\z') THEN 'Unicode'
  WHEN RIGHT(`referring_domain`, 9) = '.xn--p1ai' OR `referring_domain` = 'яндекс.рф' THEN 'Unicode'
  WHEN `utm_content` IS NULL AND `utm_id` IS NULL AND `utm_source` IS NOT NULL AND `utm_medium` = '' THEN 'Nulls'
  ELSE 'Other\'s'
END
