SELECT
  *,
  CASE
    WHEN ("MKT_MEDIUM") IN ('cpc', 'ppc') AND (CAST(NULL AS VARCHAR)) IS NOT NULL THEN 'Paid Search'
    WHEN ("MKT_SOURCE") = 'newsletter' OR CONTAINS(("PAGE_REFERRER"), 'mail.') THEN 'Email'
    ELSE 'Other'
  END AS "channel"
FROM "ATOMIC"."EVENTS"
