-- Embudo schema, SQLite dialect. Keep in step with migrations/postgres/0001_init.sql.
-- Timestamps are milliseconds since the Unix epoch (UTC); money is integer minor units.

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    plan             TEXT    NOT NULL CHECK (plan IN ('basico', 'estandar', 'premium')),
    currency         TEXT    NOT NULL DEFAULT 'MXN',
    time_zone        TEXT    NOT NULL DEFAULT 'America/Mexico_City',
    locale           TEXT    NOT NULL DEFAULT 'es' CHECK (locale IN ('es', 'en')),
    next_deal_number INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL
);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    builtin     TEXT    CHECK (builtin IN ('admin', 'gerente', 'vendedor')),
    UNIQUE (account_id, name)
);

CREATE TABLE role_permissions (
    role_id     INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission  TEXT    NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role_id       INTEGER NOT NULL REFERENCES roles (id),
    active        BOOLEAN NOT NULL DEFAULT 1,
    locale        TEXT    CHECK (locale IN ('es', 'en')),
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_account ON users (account_id);

CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    email      TEXT    NOT NULL,
    address    TEXT    NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (email, address, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE pipelines (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE stages (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pipeline_id  INTEGER NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    color        TEXT    NOT NULL,
    probability  INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    rotting_days INTEGER CHECK (rotting_days IS NULL OR rotting_days > 0)
);
CREATE INDEX stages_pipeline ON stages (pipeline_id, position);

CREATE TABLE lost_reasons (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT 1,
    UNIQUE (account_id, label)
);

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    tax_id      TEXT,
    phone       TEXT,
    email       TEXT,
    address     TEXT,
    lifecycle   TEXT    NOT NULL DEFAULT 'prospecto'
                CHECK (lifecycle IN ('prospecto', 'cliente_potencial', 'cliente')),
    owner_id    INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX organizations_account_name ON organizations (account_id, name);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    name            TEXT    NOT NULL,
    job_title       TEXT,
    email           TEXT,
    phone           TEXT,
    lifecycle       TEXT    NOT NULL DEFAULT 'prospecto'
                    CHECK (lifecycle IN ('prospecto', 'cliente_potencial', 'cliente')),
    owner_id        INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX contacts_account_name ON contacts (account_id, name);
CREATE INDEX contacts_organization ON contacts (organization_id);

CREATE TABLE deals (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key                 TEXT    NOT NULL,
    title               TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description         TEXT,
    value_minor         INTEGER NOT NULL CHECK (value_minor BETWEEN 0 AND 99999999999999),
    currency            TEXT    NOT NULL,
    exchange_rate       TEXT    NOT NULL DEFAULT '1',
    base_value_minor    INTEGER NOT NULL CHECK (base_value_minor >= 0),
    pipeline_id         INTEGER NOT NULL REFERENCES pipelines (id),
    stage_id            INTEGER NOT NULL REFERENCES stages (id),
    position            REAL    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    lost_reason_id      INTEGER REFERENCES lost_reasons (id),
    lost_note           TEXT,
    owner_id            INTEGER NOT NULL REFERENCES users (id),
    organization_id     INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    contact_id          INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    expected_close_date TEXT,
    priority            TEXT    CHECK (priority IN ('baja', 'media', 'alta')),
    source              TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    stage_entered_at    INTEGER NOT NULL,
    won_at              INTEGER,
    lost_at             INTEGER,
    version             INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, key),
    CHECK (status <> 'won' OR won_at IS NOT NULL),
    CHECK (status <> 'lost' OR (lost_at IS NOT NULL AND lost_reason_id IS NOT NULL))
);
CREATE INDEX deals_board ON deals (account_id, pipeline_id, status, stage_id, position);
CREATE INDEX deals_owner ON deals (account_id, owner_id, status);
CREATE INDEX deals_won ON deals (account_id, won_at);
CREATE INDEX deals_lost ON deals (account_id, lost_at);
CREATE INDEX deals_created ON deals (account_id, created_at);

CREATE TABLE deal_events (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    deal_id     INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    at          INTEGER NOT NULL,
    data        TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX deal_events_deal ON deal_events (deal_id, at);
CREATE INDEX deal_events_account ON deal_events (account_id, at);

CREATE TABLE deal_comments (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    deal_id     INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX deal_comments_deal ON deal_comments (deal_id, created_at);

CREATE TABLE activities (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('llamada', 'correo', 'mensaje', 'reunion', 'tarea')),
    subject         TEXT    NOT NULL,
    due_at          INTEGER,
    priority        TEXT    NOT NULL DEFAULT 'media' CHECK (priority IN ('baja', 'media', 'alta')),
    assigned_to     INTEGER NOT NULL REFERENCES users (id),
    deal_id         INTEGER REFERENCES deals (id) ON DELETE CASCADE,
    contact_id      INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    notes           TEXT,
    done            BOOLEAN NOT NULL DEFAULT 0,
    done_at         INTEGER,
    reminder_at     INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX activities_assigned ON activities (account_id, assigned_to, done, due_at);
CREATE INDEX activities_deal ON activities (deal_id, done, due_at);
