-- Deal lists whose work does not grow with the account.
--
-- Keyset pages of /crm/tratos: one index per sort (created, value, title),
-- with and without the owner, the status right after the equality columns
-- so that a page of every status is three bounded range scans merged
-- (see app/src/ssr/db/deal_list.rs); the id is the tie-break of each order.
CREATE INDEX deals_list_created ON deals (account_id, status, created_at, id);
CREATE INDEX deals_list_value ON deals (account_id, status, base_value_minor, id);
CREATE INDEX deals_list_title ON deals (account_id, status, title, id);
CREATE INDEX deals_owner_created ON deals (account_id, owner_id, status, created_at, id);
CREATE INDEX deals_owner_value ON deals (account_id, owner_id, status, base_value_minor, id);
CREATE INDEX deals_owner_title ON deals (account_id, owner_id, status, title, id);
-- The REST list and the export walk deals in id order under each filter:
-- status, owner, pipeline, stage; and text search in id order.
CREATE INDEX deals_status ON deals (account_id, status, id);
DROP INDEX deals_owner;
CREATE INDEX deals_owner ON deals (account_id, owner_id, status, id);
CREATE INDEX deals_pipeline_status ON deals (account_id, pipeline_id, status, id);
CREATE INDEX deals_stage_status ON deals (account_id, stage_id, status, id);
CREATE INDEX deals_account ON deals (account_id, id);

-- Text search over title, key and organization name: a trigram index on a
-- folded copy of the three (lower case, Spanish and Portuguese accents
-- removed, the same folding as `fold` in app/src/ssr/db/deal_search.rs),
-- kept by triggers in the transaction of every write that changes it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION embudo_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(translate($1,
        'áàâäãåéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ',
        'aaaaaaeeeeiiiiooooouuuuncaaaaaaeeeeiiiiooooouuuunc'))
$$;
ALTER TABLE deals ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE deals d SET search_text = embudo_fold(d.title || ' ' || d.key || ' '
    || COALESCE((SELECT name FROM organizations o WHERE o.id = d.organization_id), ''));
CREATE INDEX deals_search ON deals USING gin (search_text gin_trgm_ops);

CREATE FUNCTION deals_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := embudo_fold(NEW.title || ' ' || NEW.key || ' '
        || COALESCE((SELECT name FROM organizations WHERE id = NEW.organization_id), ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER deals_search BEFORE INSERT OR UPDATE OF title, key, organization_id ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_search_text();

CREATE FUNCTION organizations_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE deals SET search_text = embudo_fold(title || ' ' || key || ' ')
        WHERE organization_id = OLD.id;
        RETURN OLD;
    END IF;
    UPDATE deals SET search_text = embudo_fold(title || ' ' || key || ' ' || NEW.name)
    WHERE organization_id = NEW.id;
    RETURN NEW;
END
$$;
CREATE TRIGGER organizations_search_rename AFTER UPDATE OF name ON organizations
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION organizations_search_text();
CREATE TRIGGER organizations_search_delete BEFORE DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_search_text();
