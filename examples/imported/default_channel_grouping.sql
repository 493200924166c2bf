-- models/marts/default_channel_grouping.sql
-- The channel of every event, the way marketing has defined it since 2021.
-- Run by dbt on BigQuery.
{{ config(materialized='view') }}

with events as (
    select * from {{ ref('stg_events') }}
),

final as (
    select
        e.event_id,
        /* The grouping itself: the first WHEN that holds wins. */
        case
            -- Direct: no campaign, no referrer
            when {{ utm_source }} is null and e.referrer is null then 'Direct'
            when coalesce(e.utm_source, '') = '(direct)' then 'Direct'
            -- Paid search: auto-tagged or tagged by hand
            when e.gclid is not null then 'Paid Search'
            when regexp_contains(e.utm_source, r'(?i)^(google|bing|duckduckgo)$')
                 and regexp_contains(e.utm_medium, r'^(cpc|ppc|paid[_-]?search)$') then 'Paid Search'
            when lower(e.utm_medium) in ('email', 'e-mail', 'newsletter') then 'Email'
            when lower(e.utm_source) like '%mailchimp%' then 'Email'
            when e.utm_source in ('facebook', 'instagram', 'linkedin', 'tiktok')
                 and e.utm_medium like 'paid%' then 'Paid Social'
            when e.utm_source in ('facebook', 'instagram', 'linkedin', 'tiktok', null) then 'Organic Social'
            when e.utm_medium = 'affiliate' and e.utm_campaign not like 'test\\_%' then 'Affiliates'
            -- our own site is not a referral
            when e.utm_medium = 'internal' then null
            when e.referrer is not null and e.referrer not like '%acme.com%' then 'Referral'
            else 'Other'
        end as channel
    from events as e
)

select * from final
