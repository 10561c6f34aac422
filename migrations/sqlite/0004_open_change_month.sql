-- The open-deal changes per stage and owner again by month (month number =
-- year * 12 + month - 1 in the account's time zone): "open at the end of D"
-- for a D months back sums the days left in D's month from stats_open_change
-- and whole months from here, a few hundred rows instead of ten thousand.
CREATE TABLE stats_open_change_month (
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    month        INTEGER NOT NULL,
    stage_id     INTEGER NOT NULL,
    owner_id     INTEGER NOT NULL,
    deal_count   INTEGER NOT NULL,
    value_total  INTEGER NOT NULL,
    PRIMARY KEY (account_id, month, stage_id, owner_id)
) WITHOUT ROWID;

INSERT INTO stats_open_change_month (account_id, month, stage_id, owner_id, deal_count, value_total)
SELECT account_id,
       CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
         + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1,
       stage_id, owner_id, SUM(deal_count), SUM(value_total)
  FROM stats_open_change
 WHERE stage_id <> 0 AND owner_id <> 0
 GROUP BY 1, 2, 3, 4
HAVING SUM(deal_count) <> 0 OR SUM(value_total) <> 0;
