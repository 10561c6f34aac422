-- A deal's value is in the minor units of its own currency (ISO 4217): whole
-- pesos for CLP and guaraníes for PYG, which have no minor unit, where they
-- were hundredths before. Values round half up. Base values (hundredths of
-- the account's currency, what the dashboard sums) stay as they were, so the
-- aggregates stay exact. Value changes in those deals' history follow: both
-- amounts of changes after the deal's last change of currency, and the new
-- amount of a change made together with it.
UPDATE deal_events
SET data = jsonb_set(jsonb_set(data::jsonb,
    '{from}', to_jsonb(((data::jsonb ->> 'from')::bigint + 50) / 100)),
    '{to}', to_jsonb(((data::jsonb ->> 'to')::bigint + 50) / 100))::text
WHERE kind = 'value_changed'
  AND deal_id IN (SELECT id FROM deals WHERE currency IN ('CLP', 'PYG'))
  AND at > COALESCE((SELECT MAX(c.at) FROM deal_events c
                     WHERE c.deal_id = deal_events.deal_id AND c.kind = 'currency_changed'), -1);

UPDATE deal_events
SET data = jsonb_set(data::jsonb,
    '{to}', to_jsonb(((data::jsonb ->> 'to')::bigint + 50) / 100))::text
WHERE kind = 'value_changed'
  AND deal_id IN (SELECT id FROM deals WHERE currency IN ('CLP', 'PYG'))
  AND at = (SELECT MAX(c.at) FROM deal_events c
            WHERE c.deal_id = deal_events.deal_id AND c.kind = 'currency_changed');

UPDATE deals SET value_minor = (value_minor + 50) / 100 WHERE currency IN ('CLP', 'PYG');
