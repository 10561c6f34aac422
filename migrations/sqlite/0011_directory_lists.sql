-- Directory lists whose work does not grow with the account: keyset pages
-- of /clientes and /contactos by name under each filter (every SQLite
-- index ends with the rowid, the record's id, the tie-break), the REST
-- lists in id order, and text search through FTS5 indexes of the words of
-- an organization's name and RFC and of a contact's name and email (case
-- and accents folded, a prefix index of 3 characters), kept by triggers.
CREATE INDEX organizations_lifecycle_name ON organizations (account_id, lifecycle, name);
CREATE INDEX organizations_owner_name ON organizations (account_id, owner_id, name);
CREATE INDEX organizations_account ON organizations (account_id);
CREATE INDEX contacts_lifecycle_name ON contacts (account_id, lifecycle, name);
CREATE INDEX contacts_owner_name ON contacts (account_id, owner_id, name);
CREATE INDEX contacts_account ON contacts (account_id);

CREATE VIRTUAL TABLE organization_search USING fts5 (
    doc,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO organization_search (rowid, doc)
SELECT id, name || ' ' || COALESCE(tax_id, '') FROM organizations;
CREATE TRIGGER organizations_words_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organization_search (rowid, doc) VALUES (NEW.id, NEW.name || ' ' || COALESCE(NEW.tax_id, ''));
END;
CREATE TRIGGER organizations_words_update AFTER UPDATE OF name, tax_id ON organizations BEGIN
    DELETE FROM organization_search WHERE rowid = OLD.id;
    INSERT INTO organization_search (rowid, doc) VALUES (NEW.id, NEW.name || ' ' || COALESCE(NEW.tax_id, ''));
END;
CREATE TRIGGER organizations_words_delete AFTER DELETE ON organizations BEGIN
    DELETE FROM organization_search WHERE rowid = OLD.id;
END;

CREATE VIRTUAL TABLE contact_search USING fts5 (
    doc,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO contact_search (rowid, doc)
SELECT id, name || ' ' || COALESCE(email, '') FROM contacts;
CREATE TRIGGER contacts_words_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search (rowid, doc) VALUES (NEW.id, NEW.name || ' ' || COALESCE(NEW.email, ''));
END;
CREATE TRIGGER contacts_words_update AFTER UPDATE OF name, email ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = OLD.id;
    INSERT INTO contact_search (rowid, doc) VALUES (NEW.id, NEW.name || ' ' || COALESCE(NEW.email, ''));
END;
CREATE TRIGGER contacts_words_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = OLD.id;
END;
