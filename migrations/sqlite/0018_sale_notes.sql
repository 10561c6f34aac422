-- Notas de venta: what was sold, from an accepted quote (one per quote) or
-- from a won deal's lines. `folio` is the account's note number
-- (NV-000123), from accounts.next_sale_note_number in the creating
-- transaction, never given twice. A note is frozen from its creation: its
-- lines, totals and customer data (copied) never change. `owner_id` is the
-- deal's owner, kept with it (who sees the note).
ALTER TABLE accounts ADD COLUMN next_sale_note_number INTEGER NOT NULL DEFAULT 1;
CREATE TABLE sale_notes (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    deal_id          INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    quote_id         INTEGER REFERENCES quotes (id) ON DELETE SET NULL,
    owner_id         INTEGER NOT NULL REFERENCES users (id),
    folio            INTEGER NOT NULL,
    organization_id  INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    customer_name    TEXT,
    customer_tax_id  TEXT,
    customer_address TEXT,
    contact_name     TEXT,
    contact_email    TEXT,
    currency         TEXT    NOT NULL,
    exchange_rate    TEXT    NOT NULL,
    notes            TEXT,
    subtotal_minor   INTEGER NOT NULL,
    iva_minor        INTEGER NOT NULL,
    total_minor      INTEGER NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    UNIQUE (account_id, folio)
);
CREATE UNIQUE INDEX sale_notes_quote ON sale_notes (quote_id);
CREATE INDEX sale_notes_deal ON sale_notes (account_id, deal_id, id);
CREATE INDEX sale_notes_owner ON sale_notes (account_id, owner_id, id);
CREATE TABLE sale_note_lines (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sale_note_id     INTEGER NOT NULL REFERENCES sale_notes (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    product_id       INTEGER REFERENCES products (id) ON DELETE SET NULL,
    sku              TEXT,
    description      TEXT    NOT NULL,
    quantity_milli   INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    discount_bp      INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    iva              TEXT    NOT NULL CHECK (iva IN ('16', '8', '0', 'exempt')),
    subtotal_minor   INTEGER NOT NULL,
    iva_minor        INTEGER NOT NULL,
    total_minor      INTEGER NOT NULL
);
CREATE INDEX sale_note_lines_note ON sale_note_lines (account_id, sale_note_id, position);
CREATE INDEX sale_note_lines_product ON sale_note_lines (product_id);
