-- A deal's nota de venta of its own lines (without a quote) is issued once.
CREATE UNIQUE INDEX sale_notes_deal_lines ON sale_notes (deal_id) WHERE quote_id IS NULL;
