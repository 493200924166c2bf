SELECT
  *,
  CASE
    WHEN (("properties" ->> 'utm_medium')) IN ('cpc', 'ppc') AND (("properties" ->> 'gclid')) IS NOT NULL THEN 'Paid Search'
    WHEN (("properties" ->> 'utm_source')) = 'newsletter' OR strpos((("properties" ->> E'\x24referrer')), 'mail.') > 0 THEN 'Email'
    ELSE 'Other'
  END AS "channel"
FROM "events"
