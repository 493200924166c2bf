SELECT
  *,
  CASE
    WHEN (COALESCE(`collected_traffic_source`.`manual_medium`, (SELECT COALESCE(value.string_value, CAST(value.int_value AS STRING), CAST(value.float_value AS STRING), CAST(value.double_value AS STRING)) FROM UNNEST(`event_params`) WITH OFFSET AS position WHERE key = 'medium' ORDER BY position LIMIT 1))) IN ('cpc', 'ppc') AND (COALESCE(`collected_traffic_source`.`gclid`, (SELECT COALESCE(value.string_value, CAST(value.int_value AS STRING), CAST(value.float_value AS STRING), CAST(value.double_value AS STRING)) FROM UNNEST(`event_params`) WITH OFFSET AS position WHERE key = 'gclid' ORDER BY position LIMIT 1))) IS NOT NULL THEN 'Paid Search'
    WHEN (COALESCE(`collected_traffic_source`.`manual_source`, (SELECT COALESCE(value.string_value, CAST(value.int_value AS STRING), CAST(value.float_value AS STRING), CAST(value.double_value AS STRING)) FROM UNNEST(`event_params`) WITH OFFSET AS position WHERE key = 'source' ORDER BY position LIMIT 1))) = 'newsletter' OR STRPOS(((SELECT COALESCE(value.string_value, CAST(value.int_value AS STRING), CAST(value.float_value AS STRING), CAST(value.double_value AS STRING)) FROM UNNEST(`event_params`) WITH OFFSET AS position WHERE key = 'page_referrer' ORDER BY position LIMIT 1)), 'mail.') > 0 THEN 'Email'
    ELSE 'Other'
  END AS `channel`
FROM `events_*`
