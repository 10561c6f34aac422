-- Indexes after the dashboard moved to aggregates (0002).

-- "Open at the end of day D" sums the open-deal changes of the days after D.
-- For a D months back that is ten thousand rows or more: a covering index lets
-- both engines read them from the index alone, without visiting the table.
DROP INDEX stats_open_change_day;
CREATE INDEX stats_open_change_day
    ON stats_open_change (account_id, day, stage_id, owner_id, deal_count, value_total);

-- Wins and losses by date are read from the aggregates, never from deals:
-- two fewer indexes to update on every deal write, import and seed.
DROP INDEX deals_won;
DROP INDEX deals_lost;
