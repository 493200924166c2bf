SELECT
  *,
  CASE
    WHEN (CAST(GET("PROPERTIES", 'utm_medium') AS VARCHAR)) IN ('cpc', 'ppc') AND (CAST(GET("PROPERTIES", 'gclid') AS VARCHAR)) IS NOT NULL THEN 'Paid Search'
    WHEN (CAST(GET("PROPERTIES", 'utm_source') AS VARCHAR)) = 'newsletter' OR CONTAINS((CAST(GET("PROPERTIES", '\x24referrer') AS VARCHAR)), 'mail.') THEN 'Email'
    ELSE 'Other'
  END AS "channel"
FROM "MP_MASTER_EVENT"
