-- The login limit counts attempts (before the password is checked) in one
-- row per subject, "p:<email> <address>" and "a:<email>", updated with one
-- atomic upsert: parallel guesses cannot all read a count below the limit.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
    subject      TEXT    PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL
);
CREATE INDEX login_attempts_started ON login_attempts (started_at);

-- Sessions end after an idle time besides their absolute lifetime.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
UPDATE sessions SET last_seen_at = created_at;

-- API tokens may expire (chosen when created; NULL: never).
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
