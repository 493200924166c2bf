SELECT
  *,
  CASE
    WHEN ("CONTEXT_CAMPAIGN_MEDIUM") IN ('cpc', 'ppc') AND ("GCLID") IS NOT NULL THEN 'Paid Search'
    WHEN ("CONTEXT_CAMPAIGN_SOURCE") = 'newsletter' OR CONTAINS(("CONTEXT_PAGE_REFERRER"), 'mail.') THEN 'Email'
    ELSE 'Other'
  END AS "channel"
FROM "TRACKS"
