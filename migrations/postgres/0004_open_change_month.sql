-- The open-deal changes per stage and owner again by month (month number =
-- year * 12 + month - 1 in the account's time zone): "open at the end of D"
-- for a D months back sums the days left in D's month from stats_open_change
-- and whole months from here, a few hundred rows instead of ten thousand.
CREATE TABLE stats_open_change_month (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    month        BIGINT NOT NULL,
    stage_id     BIGINT NOT NULL,
    owner_id     BIGINT NOT NULL,
    deal_count   BIGINT NOT NULL,
    value_total  BIGINT NOT NULL,
    PRIMARY KEY (account_id, month, stage_id, owner_id)
);

INSERT INTO stats_open_change_month (account_id, month, stage_id, owner_id, deal_count, value_total)
SELECT account_id,
       CAST(EXTRACT(YEAR FROM DATE '1970-01-01' + CAST(day AS INTEGER)) * 12
         + EXTRACT(MONTH FROM DATE '1970-01-01' + CAST(day AS INTEGER)) - 1 AS BIGINT),
       stage_id, owner_id, SUM(deal_count), SUM(value_total)
  FROM stats_open_change
 WHERE stage_id <> 0 AND owner_id <> 0
 GROUP BY 1, 2, 3, 4
HAVING SUM(deal_count) <> 0 OR SUM(value_total) <> 0;
