-- The event outbox: one row per change to a deal (and, as they join it,
-- the other records), written in the change's own transaction, so an event
-- exists exactly when its change does. `data` holds the record after the
-- change (`object`, as stored: ids, minor units, epoch milliseconds) and
-- what changed (`changes`: {field: {from, to}}). `actor_id`: the user who
-- made it (none: a customer through a link, or an automation `rule_id`);
-- `depth`: how many automation steps led to it.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER  NOT NULL,
    pipeline_id INTEGER,
    actor_id    INTEGER,
    rule_id     INTEGER,
    depth       INTEGER  NOT NULL DEFAULT 0,
    at          INTEGER  NOT NULL,
    data        TEXT    NOT NULL
);
CREATE INDEX events_account ON events (account_id, id);

-- An account's webhook endpoints. `kinds`: the event kinds it receives,
-- comma-separated ('' = all); `pipeline_id`: only that pipeline's deals.
-- `disabled_at`: when its retries ran out and it was switched off.
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url         TEXT    NOT NULL,
    secret      TEXT    NOT NULL,
    kinds       TEXT    NOT NULL DEFAULT '',
    pipeline_id INTEGER  REFERENCES pipelines (id) ON DELETE CASCADE,
    description TEXT    NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT 1,
    disabled_at INTEGER,
    created_by  INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER  NOT NULL,
    updated_at  INTEGER  NOT NULL,
    version     INTEGER  NOT NULL DEFAULT 1
);
CREATE INDEX webhooks_account ON webhooks (account_id, id);

-- One event to one endpoint: fanned out in the event's transaction, sent
-- by the app server (its next attempt moved past a lease, on the one
-- writer), retried with a growing wait, in order per
-- endpoint and record. The last attempt's answer is kept for the log.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    webhook_id  INTEGER  NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id    INTEGER  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER  NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts    INTEGER  NOT NULL DEFAULT 0,
    next_at     INTEGER  NOT NULL,
    created_at  INTEGER  NOT NULL,
    last_at     INTEGER,
    last_status INTEGER,
    last_error  TEXT,
    last_body   TEXT,
    last_ms     INTEGER,
    done_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_record ON webhook_deliveries (webhook_id, entity, entity_id, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (account_id, webhook_id, id);

-- What the bell tells a user besides their reminders (an endpoint switched
-- off, an automation's notice); `data`: its particulars as JSON.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id     INTEGER  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  INTEGER  NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_unread ON notifications (account_id, user_id, id) WHERE read_at IS NULL;

-- Webhooks and automations are managed by whoever holds the new
-- permission: every account's admins.
INSERT INTO role_permissions (role_id, permission)
    SELECT id, 'account.integrations.manage' FROM roles WHERE builtin = 'admin';
