-- The product catalogue (/crm/productos): what a deal's or a document's
-- line may take its description, unit price and IVA from. A SKU is the
-- account's once, any case (SKUs are ASCII, so lower() folds them whole).
-- The price is in minor units of the product's own currency; the IVA is a
-- code of app/src/domain/lines.rs; the SAT keys are optional until an
-- invoice needs them. Keyset pages by name (the rowid the tie-break), the
-- REST list in id order, and text search through an FTS5 index of the SKU
-- and name, kept by triggers.
CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sku              TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    description      TEXT,
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    currency         TEXT    NOT NULL,
    iva              TEXT    NOT NULL CHECK (iva IN ('16', '8', '0', 'exempt')),
    sat_product_key  TEXT,
    sat_unit_key     TEXT,
    active           BOOLEAN NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX products_sku ON products (account_id, lower(sku));
CREATE INDEX products_name ON products (account_id, name);
CREATE INDEX products_active_name ON products (account_id, active, name);
CREATE INDEX products_account ON products (account_id);

CREATE VIRTUAL TABLE product_search USING fts5 (
    doc,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
CREATE TRIGGER products_words_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search (rowid, doc) VALUES (NEW.id, NEW.sku || ' ' || NEW.name);
END;
CREATE TRIGGER products_words_update AFTER UPDATE OF sku, name ON products BEGIN
    DELETE FROM product_search WHERE rowid = OLD.id;
    INSERT INTO product_search (rowid, doc) VALUES (NEW.id, NEW.sku || ' ' || NEW.name);
END;
CREATE TRIGGER products_words_delete AFTER DELETE ON products BEGIN
    DELETE FROM product_search WHERE rowid = OLD.id;
END;
