-- A deal's value is in the minor units of its own currency (ISO 4217): whole
-- pesos for CLP and guaraníes for PYG, which have no minor unit, where they
-- were hundredths before. Values round half up. Base values (hundredths of
-- the account's currency, what the dashboard sums) stay as they were, so the
-- aggregates stay exact.
--
-- Every value change in the history names the currency of both its amounts
-- from now on. Older ones are given the currency the deal had then (the
-- "from" of its next change of currency, or the one it has, and a change made
-- together with a change of currency goes from the old one to the new), and
-- their CLP and PYG amounts become whole units too. `legacy` marks, for the
-- length of this migration, the changes it fills in.
UPDATE deal_events
SET data = json_set(data,
    '$.from_currency', COALESCE(
        (SELECT json_extract(c.data, '$.from') FROM deal_events c
         WHERE c.deal_id = deal_events.deal_id AND c.kind = 'currency_changed'
           AND c.at >= deal_events.at
         ORDER BY c.at, c.id LIMIT 1),
        (SELECT d.currency FROM deals d WHERE d.id = deal_events.deal_id)),
    '$.to_currency', COALESCE(
        (SELECT json_extract(c.data, '$.from') FROM deal_events c
         WHERE c.deal_id = deal_events.deal_id AND c.kind = 'currency_changed'
           AND c.at > deal_events.at
         ORDER BY c.at, c.id LIMIT 1),
        (SELECT d.currency FROM deals d WHERE d.id = deal_events.deal_id)),
    '$.legacy', 1)
WHERE kind = 'value_changed' AND json_extract(data, '$.from_currency') IS NULL;

UPDATE deal_events
SET data = json_set(data, '$.from', (json_extract(data, '$.from') + 50) / 100)
WHERE kind = 'value_changed' AND json_extract(data, '$.legacy') = 1
  AND json_extract(data, '$.from_currency') IN ('CLP', 'PYG')
  AND json_type(data, '$.from') = 'integer';

UPDATE deal_events
SET data = json_set(data, '$.to', (json_extract(data, '$.to') + 50) / 100)
WHERE kind = 'value_changed' AND json_extract(data, '$.legacy') = 1
  AND json_extract(data, '$.to_currency') IN ('CLP', 'PYG')
  AND json_type(data, '$.to') = 'integer';

UPDATE deal_events SET data = json_remove(data, '$.legacy')
WHERE kind = 'value_changed' AND json_extract(data, '$.legacy') = 1;

UPDATE deals SET value_minor = (value_minor + 50) / 100 WHERE currency IN ('CLP', 'PYG');
