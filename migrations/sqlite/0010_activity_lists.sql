-- Activity lists whose work does not grow with the account: keyset pages
-- of /actividades (pending or done, by due time; every SQLite index ends
-- with the rowid, the activity id, the tie-break), the calendar's days
-- (pending and done together, by due time), and an organization's or a
-- contact's activities. activities_assigned serves one assignee's list.
CREATE INDEX activities_pending ON activities (account_id, done, due_at);
CREATE INDEX activities_due ON activities (account_id, due_at);
CREATE INDEX activities_assigned_due ON activities (account_id, assigned_to, due_at);
CREATE INDEX activities_organization ON activities (organization_id, done, due_at);
CREATE INDEX activities_contact ON activities (contact_id, done, due_at);
