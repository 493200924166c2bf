SELECT
  *,
  CASE
    WHEN (JSON_VALUE(`properties`, '$."utm_medium"')) IN ('cpc', 'ppc') AND (JSON_VALUE(`properties`, '$."gclid"')) IS NOT NULL THEN 'Paid Search'
    WHEN (JSON_VALUE(`properties`, '$."utm_source"')) = 'newsletter' OR STRPOS((JSON_VALUE(`properties`, '$."$referrer"')), 'mail.') > 0 THEN 'Email'
    ELSE 'Other'
  END AS `channel`
FROM `mp_master_event`
