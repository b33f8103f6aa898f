-- The effective consent of every customer, derived from the consent_events log.
--
-- Rules (docs/PRIVACY.md):
-- 1. For a purpose and a channel, the latest decision recorded for that channel or
--    for 'any' channel counts; on equal timestamps an objection beats a withdrawal
--    beats a grant. No decision on record means not allowed (opt-in).
-- 2. Profiling is not channel-specific: only its 'any' decisions count.
-- 3. Personalised offers need their own consent AND general marketing on that
--    channel AND profiling: an objection to any of them wins over a grant here.
-- 4. Erased and closed accounts allow nothing.
create view customer_permissions as
with latest as (
  select c.customer_id, p.purpose, ch.channel,
    (select e.decision from consent_events e
      where e.customer_id = c.customer_id and e.purpose = p.purpose
        and (e.channel = ch.channel or e.channel = 'any')
      order by e.recorded_at desc,
        case e.decision when 'objected' then 0 when 'withdrawn' then 1 else 2 end
      limit 1) = 'granted' as granted
  from customers c
  cross join (values ('marketing'), ('personalised_offers')) as p (purpose)
  cross join (values ('postal_mail'), ('email')) as ch (channel)
  where c.status = 'active'
), profiling as (
  select c.customer_id,
    coalesce((select e.decision from consent_events e
      where e.customer_id = c.customer_id and e.purpose = 'profiling' and e.channel = 'any'
      order by e.recorded_at desc,
        case e.decision when 'objected' then 0 when 'withdrawn' then 1 else 2 end
      limit 1) = 'granted', false) as granted
  from customers c
  where c.status = 'active'
)
select c.customer_id,
  pr.granted as profiling,
  coalesce(mp.granted, false) as marketing_postal_mail,
  coalesce(me.granted, false) as marketing_email,
  coalesce(op.granted and mp.granted and pr.granted, false) as offers_postal_mail,
  coalesce(oe.granted and me.granted and pr.granted, false) as offers_email
from customers c
join profiling pr on pr.customer_id = c.customer_id
left join latest mp on mp.customer_id = c.customer_id and mp.purpose = 'marketing' and mp.channel = 'postal_mail'
left join latest me on me.customer_id = c.customer_id and me.purpose = 'marketing' and me.channel = 'email'
left join latest op on op.customer_id = c.customer_id and op.purpose = 'personalised_offers' and op.channel = 'postal_mail'
left join latest oe on oe.customer_id = c.customer_id and oe.purpose = 'personalised_offers' and oe.channel = 'email';
