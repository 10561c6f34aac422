-- Dashboard aggregates, PostgreSQL dialect. Keep in step with migrations/sqlite/0002_dashboard_stats.sql.
-- Maintained in the same transaction as every deal write (app/src/ssr/db/deal_stats.rs), rebuilt
-- by the seeder and checked against the deals by `embudo verify`. `day` is a calendar day in the
-- account's time zone, counted from 1970-01-01; values are base-currency minor units.

-- Open deals now, per stage and owner.
CREATE TABLE stats_open (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    stage_id     BIGINT  NOT NULL,
    owner_id     BIGINT  NOT NULL,
    deal_count   BIGINT  NOT NULL,
    value_total  BIGINT  NOT NULL,
    PRIMARY KEY (account_id, stage_id, owner_id)
);

-- Net change of the open deals per day: +1 on the day a deal was created, -1 on the day it was
-- won or lost (by its current stage and owner). Open at the end of day D = open now minus the
-- changes of the days after D. Stage 0 rows sum every stage of an owner, and stage 0 with
-- owner 0 the whole account. Keyed by stage and owner first, so sums over days stream along
-- the primary key.
CREATE TABLE stats_open_change (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          BIGINT  NOT NULL,
    stage_id     BIGINT  NOT NULL,
    owner_id     BIGINT  NOT NULL,
    deal_count   BIGINT  NOT NULL,
    value_total  BIGINT  NOT NULL,
    PRIMARY KEY (account_id, stage_id, owner_id, day)
);

-- The days after D, when D is today or close to it, are few: found by day, not by scanning.
CREATE INDEX stats_open_change_day ON stats_open_change (account_id, day);

-- In the tables below owner 0 rows sum the whole team (what the team view reads).

-- Deals by the day they were created, and how many of them are won now.
CREATE TABLE stats_created (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          BIGINT  NOT NULL,
    owner_id     BIGINT  NOT NULL,
    deal_count   BIGINT  NOT NULL,
    won_count    BIGINT  NOT NULL,
    PRIMARY KEY (account_id, owner_id, day)
);

-- Won deals by the day they were won, with the milliseconds from creation to win.
CREATE TABLE stats_won (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          BIGINT  NOT NULL,
    owner_id     BIGINT  NOT NULL,
    deal_count   BIGINT  NOT NULL,
    value_total  BIGINT  NOT NULL,
    win_ms_total BIGINT  NOT NULL,
    PRIMARY KEY (account_id, owner_id, day)
);

-- Lost deals by the day they were lost and their reason (keyed by reason first: the dashboard
-- groups by it).
CREATE TABLE stats_lost (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          BIGINT  NOT NULL,
    owner_id     BIGINT  NOT NULL,
    reason_id    BIGINT  NOT NULL,
    deal_count   BIGINT  NOT NULL,
    value_total  BIGINT  NOT NULL,
    PRIMARY KEY (account_id, reason_id, owner_id, day)
);

-- Wins more than 364 days after creation: the few deals whose life spans a whole dashboard
-- window, counted straight from the deals (see deal_stats::long_wins).
CREATE INDEX deals_long_wins ON deals (account_id, won_at)
    WHERE status = 'won' AND won_at - created_at > 31449600000;
