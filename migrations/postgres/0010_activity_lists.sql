-- Activity lists whose work does not grow with the account: keyset pages
-- of /actividades (pending or done, by due time, the id the tie-break), the
-- calendar's days (pending and done together, by due time), and an
-- organization's or a contact's activities.
CREATE INDEX activities_pending ON activities (account_id, done, due_at, id);
DROP INDEX activities_assigned;
CREATE INDEX activities_assigned ON activities (account_id, assigned_to, done, due_at, id);
CREATE INDEX activities_due ON activities (account_id, due_at, id);
CREATE INDEX activities_assigned_due ON activities (account_id, assigned_to, due_at, id);
CREATE INDEX activities_organization ON activities (organization_id, done, due_at, id);
CREATE INDEX activities_contact ON activities (contact_id, done, due_at, id);
