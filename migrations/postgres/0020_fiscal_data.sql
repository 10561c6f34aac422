-- CFDI-ready fiscal data. An organization gains its razón social (as on
-- the Constancia de Situación Fiscal), the country of its tax id (ISO
-- 3166-1 alpha-2: its tax_id is then that country's NIT, RUT, RUC, CUIT or
-- EIN instead of an RFC), its régimen fiscal (c_RegimenFiscal), código
-- postal fiscal and usual uso de CFDI (c_UsoCFDI); the catalogues are
-- app/src/domain/sat.rs. A nota de venta gains how it is paid (c_FormaPago,
-- c_MetodoPago) and the use of its invoice: set after it is issued, as the
-- customer asks for the invoice; its lines and totals stay frozen.
ALTER TABLE organizations ADD COLUMN legal_name TEXT;
ALTER TABLE organizations ADD COLUMN tax_country TEXT NOT NULL DEFAULT 'MX';
ALTER TABLE organizations ADD COLUMN tax_system TEXT;
ALTER TABLE organizations ADD COLUMN tax_zip TEXT;
ALTER TABLE organizations ADD COLUMN cfdi_use TEXT;
ALTER TABLE sale_notes ADD COLUMN payment_form TEXT;
ALTER TABLE sale_notes ADD COLUMN payment_method TEXT;
ALTER TABLE sale_notes ADD COLUMN cfdi_use TEXT;
