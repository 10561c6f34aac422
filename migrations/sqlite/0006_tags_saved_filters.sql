-- Tags for segmenting organizations and contacts (one spelling per account,
-- any case), and each user's saved filters of the list pages.
CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX tags_account_name ON tags (account_id, LOWER(name));

CREATE TABLE organization_tags (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, tag_id)
);
CREATE INDEX organization_tags_tag ON organization_tags (tag_id);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag ON contact_tags (tag_id);

CREATE TABLE saved_filters (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page        TEXT    NOT NULL CHECK (page IN ('clientes', 'contactos')),
    name        TEXT    NOT NULL,
    query       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX saved_filters_user ON saved_filters (user_id, page);
