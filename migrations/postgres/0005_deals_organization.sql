-- The deals of an organization (its page, and the open deals of each row of /clientes).
CREATE INDEX deals_organization ON deals (organization_id, status);
