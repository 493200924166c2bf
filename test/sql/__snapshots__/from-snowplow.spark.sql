SELECT
  *,
  CASE
    WHEN (`mkt_medium`) IN ('cpc', 'ppc') AND (CAST(NULL AS STRING)) IS NOT NULL THEN 'Paid Search'
    WHEN (`mkt_source`) = 'newsletter' OR instr((`page_referrer`), 'mail.') > 0 THEN 'Email'
    ELSE 'Other'
  END AS `channel`
FROM `atomic`.`events`
