SELECT
  *,
  CASE
    WHEN ("context_campaign_medium") IN ('cpc', 'ppc') AND ("gclid") IS NOT NULL THEN 'Paid Search'
    WHEN ("context_campaign_source") = 'newsletter' OR strpos(("context_page_referrer"), 'mail.') > 0 THEN 'Email'
    ELSE 'Other'
  END AS "channel"
FROM "tracks"
