-- The mail a sent quote gives its customer: its link and its PDF. Queued
-- in the transaction that sends the quote (or asks to send it again), so a
-- send is never lost nor mailed without the quote being sent; delivered
-- by the app servers' mail worker (app/src/ssr/quotes/email.rs), which
-- claims a row by moving its next attempt past a lease (one server wins),
-- retries with a growing wait, and gives up after a few failures, keeping
-- the last error. The message is written when queued (in the sender's
-- words and formats); the PDF is drawn from the frozen quote when sent.
CREATE TABLE quote_emails (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    quote_id        INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    requested_by    INTEGER NOT NULL REFERENCES users (id),
    to_email        TEXT    NOT NULL,
    to_name         TEXT,
    reply_to        TEXT    NOT NULL,
    reply_name      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    gave_up_at      INTEGER,
    last_error      TEXT
);
CREATE INDEX quote_emails_due ON quote_emails (next_attempt_at)
    WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX quote_emails_quote ON quote_emails (account_id, quote_id, id);
CREATE INDEX quote_emails_account ON quote_emails (account_id, created_at);
