-- The lines of a deal (its "Productos" section): a catalogue product or
-- free text, a quantity in thousandths (up to 3 decimals), a unit price in
-- minor units of the deal's currency, a discount in hundredths of a percent
-- and an IVA code of app/src/domain/lines.rs, with the line's subtotal, IVA
-- and total as that module computed them when the lines were saved. The
-- product's SKU is copied, so a line reads the same after the product is
-- renamed or deleted. `position` orders a deal's lines (at most 200). A deal
-- whose `value_from_lines` is set takes its value from their subtotal.
CREATE TABLE deal_lines (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    deal_id          INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
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
CREATE INDEX deal_lines_deal ON deal_lines (account_id, deal_id, position);
CREATE INDEX deal_lines_product ON deal_lines (product_id);
ALTER TABLE deals ADD COLUMN value_from_lines BOOLEAN NOT NULL DEFAULT 0;
