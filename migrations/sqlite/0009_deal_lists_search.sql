-- Deal lists whose work does not grow with the account.
--
-- Keyset pages of /crm/tratos: one index per sort (created, value, title),
-- with and without the owner, the status right after the equality columns
-- so that a page of every status is three bounded range scans merged
-- (see app/src/ssr/db/deal_list.rs). Every SQLite index ends with the
-- rowid, here the deal id, the tie-break of each order.
CREATE INDEX deals_list_created ON deals (account_id, status, created_at);
CREATE INDEX deals_list_value ON deals (account_id, status, base_value_minor);
CREATE INDEX deals_list_title ON deals (account_id, status, title);
CREATE INDEX deals_owner_created ON deals (account_id, owner_id, status, created_at);
CREATE INDEX deals_owner_value ON deals (account_id, owner_id, status, base_value_minor);
CREATE INDEX deals_owner_title ON deals (account_id, owner_id, status, title);
-- The REST list and the export walk deals in id order under each filter:
-- status (deals_status), owner (deals_owner, which already ends with the
-- status and the id), pipeline, stage; and text search in id order.
CREATE INDEX deals_status ON deals (account_id, status);
CREATE INDEX deals_pipeline_status ON deals (account_id, pipeline_id, status);
CREATE INDEX deals_stage_status ON deals (account_id, stage_id, status);
CREATE INDEX deals_account ON deals (account_id);

-- Text search over title, key and organization name: an FTS5 index of their
-- words (case and accents folded; a searched word matches the words it
-- begins, through a prefix index of 3 characters), kept by triggers in the
-- transaction of every write that changes what it indexes.
CREATE VIRTUAL TABLE deal_search USING fts5 (
    doc,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO deal_search (rowid, doc)
SELECT d.id, d.title || ' ' || d.key || ' ' || COALESCE(o.name, '')
FROM deals d LEFT JOIN organizations o ON o.id = d.organization_id;

CREATE TRIGGER deals_search_insert AFTER INSERT ON deals BEGIN
    INSERT INTO deal_search (rowid, doc)
    VALUES (NEW.id, NEW.title || ' ' || NEW.key || ' '
        || COALESCE((SELECT name FROM organizations WHERE id = NEW.organization_id), ''));
END;
CREATE TRIGGER deals_search_update AFTER UPDATE OF title, key, organization_id ON deals BEGIN
    DELETE FROM deal_search WHERE rowid = OLD.id;
    INSERT INTO deal_search (rowid, doc)
    VALUES (NEW.id, NEW.title || ' ' || NEW.key || ' '
        || COALESCE((SELECT name FROM organizations WHERE id = NEW.organization_id), ''));
END;
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
    DELETE FROM deal_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER organizations_search_rename AFTER UPDATE OF name ON organizations BEGIN
    DELETE FROM deal_search WHERE rowid IN (SELECT id FROM deals WHERE organization_id = NEW.id);
    INSERT INTO deal_search (rowid, doc)
    SELECT id, title || ' ' || key || ' ' || NEW.name FROM deals WHERE organization_id = NEW.id;
END;
-- Deleting an organization sets its deals' organization_id to NULL; their
-- text loses the name first.
CREATE TRIGGER organizations_search_delete BEFORE DELETE ON organizations BEGIN
    DELETE FROM deal_search WHERE rowid IN (SELECT id FROM deals WHERE organization_id = OLD.id);
    INSERT INTO deal_search (rowid, doc)
    SELECT id, title || ' ' || key || ' ' FROM deals WHERE organization_id = OLD.id;
END;
