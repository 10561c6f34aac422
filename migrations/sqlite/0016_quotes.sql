-- Cotizaciones (quotes) of a deal, several per deal. `folio` is the
-- account's quote number (COT-000123), taken from accounts.next_quote_number
-- in the creating transaction, so a number is never given twice (a
-- cancelled quote keeps its own). `state` is stored as
-- draft | sent | accepted | rejected | cancelled; a sent quote whose
-- `valid_until` (a local date, YYYY-MM-DD) has passed reads as vencida
-- (app/src/domain/quotes.rs). The lines are the quote's own copy, editable
-- while it is a draft and frozen, with its totals and the customer's data
-- (`customer_*`, copied from the organization and contact), once sent.
-- `owner_id` is the deal's owner, kept with it (it decides who sees the
-- quote, and a seller's list is read by it).
ALTER TABLE accounts ADD COLUMN next_quote_number INTEGER NOT NULL DEFAULT 1;
CREATE TABLE quotes (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    deal_id          INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    owner_id         INTEGER NOT NULL REFERENCES users (id),
    folio            INTEGER NOT NULL,
    state            TEXT    NOT NULL
                     CHECK (state IN ('draft', 'sent', 'accepted', 'rejected', 'cancelled')),
    valid_until      TEXT    NOT NULL,
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
    terms            TEXT,
    subtotal_minor   INTEGER NOT NULL,
    iva_minor        INTEGER NOT NULL,
    total_minor      INTEGER NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    decided_at       INTEGER,
    decided_by_name  TEXT,
    decision_comment TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, folio),
    CHECK (state = 'draft' OR state = 'cancelled' OR sent_at IS NOT NULL)
);
CREATE INDEX quotes_account ON quotes (account_id, id);
CREATE INDEX quotes_account_state ON quotes (account_id, state, id);
CREATE INDEX quotes_owner ON quotes (account_id, owner_id, id);
CREATE INDEX quotes_deal ON quotes (account_id, deal_id, id);
CREATE TABLE quote_lines (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    quote_id         INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
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
CREATE INDEX quote_lines_quote ON quote_lines (account_id, quote_id, position);
CREATE INDEX quote_lines_product ON quote_lines (product_id);
