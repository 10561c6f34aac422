-- Directory lists whose work does not grow with the account: keyset pages
-- of /clientes and /contactos by name under each filter (the id the
-- tie-break), the REST lists in id order, and text search through trigram
-- indexes on the folded name and RFC of an organization and name and
-- email of a contact (`embudo_fold`, migration 0009).
DROP INDEX organizations_account_name;
CREATE INDEX organizations_account_name ON organizations (account_id, name, id);
CREATE INDEX organizations_lifecycle_name ON organizations (account_id, lifecycle, name, id);
CREATE INDEX organizations_owner_name ON organizations (account_id, owner_id, name, id);
CREATE INDEX organizations_account ON organizations (account_id, id);
DROP INDEX contacts_account_name;
CREATE INDEX contacts_account_name ON contacts (account_id, name, id);
CREATE INDEX contacts_lifecycle_name ON contacts (account_id, lifecycle, name, id);
CREATE INDEX contacts_owner_name ON contacts (account_id, owner_id, name, id);
CREATE INDEX contacts_account ON contacts (account_id, id);
CREATE INDEX organizations_search ON organizations
    USING gin (embudo_fold(name || ' ' || COALESCE(tax_id, '')) gin_trgm_ops);
CREATE INDEX contacts_search ON contacts
    USING gin (embudo_fold(name || ' ' || COALESCE(email, '')) gin_trgm_ops);
