//! The SQL of the mail a sent quote gives its customer (see the table's
//! migration, 0021): queueing one, the due ones, claiming one for a while,
//! and its outcome; a quote's last mail for its page.
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// A mail to queue, written.
pub struct NewEmail<'a> {
    pub quote_id: i64,
    pub requested_by: i64,
    pub to_email: &'a str,
    pub to_name: Option<&'a str>,
    pub reply_to: &'a str,
    pub reply_name: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues a mail, due now; answers its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    e: &NewEmail<'_>,
    now: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO quote_emails (account_id, quote_id, requested_by, to_email, to_name, reply_to, \
           reply_name, subject, body, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        account_id,
        e.quote_id,
        e.requested_by,
        e.to_email,
        e.to_name,
        e.reply_to,
        e.reply_name,
        e.subject,
        e.body,
        now
    )?)
}

/// A queued mail with what its PDF is drawn in: its account's name,
/// language and time zone.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueEmail {
    pub id: i64,
    pub account_id: i64,
    pub quote_id: i64,
    pub requested_by: i64,
    pub to_email: String,
    pub to_name: Option<String>,
    pub reply_to: String,
    pub reply_name: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub account_name: String,
    pub account_locale: String,
    pub time_zone: String,
}

/// Up to `limit` mails due at `now` (unsent, not given up), the longest
/// waiting first.
pub async fn due(ex: &mut Ex<'_>, now: i64, limit: i64) -> Result<Vec<DueEmail>, AppError> {
    Ok(fetch_all!(
        ex,
        DueEmail,
        "SELECT e.id, e.account_id, e.quote_id, e.requested_by, e.to_email, e.to_name, e.reply_to, \
           e.reply_name, e.subject, e.body, e.attempts, e.next_attempt_at, a.name AS account_name, \
           a.locale AS account_locale, a.time_zone \
         FROM quote_emails e JOIN accounts a ON a.id = e.account_id \
         WHERE e.sent_at IS NULL AND e.gave_up_at IS NULL AND e.next_attempt_at <= $1 \
           AND e.attempts < $3 \
         ORDER BY e.next_attempt_at LIMIT $2",
        now,
        limit,
        super::super::email::MAX_ATTEMPTS
    )?)
}

/// Takes the mail `id` seen due at `seen` until `until` (another server's
/// round skips it meanwhile), counting the attempt; false when another
/// server took it first.
pub async fn claim(ex: &mut Ex<'_>, id: i64, seen: i64, until: i64) -> Result<bool, AppError> {
    let taken = execute!(
        ex,
        "UPDATE quote_emails SET next_attempt_at = $3, attempts = attempts + 1 \
         WHERE id = $1 AND next_attempt_at = $2 AND sent_at IS NULL AND gave_up_at IS NULL",
        id,
        seen,
        until
    )?;
    Ok(taken == 1)
}

/// The mail `id`, claimed until `lease`, went out at `now` (false: its
/// lease had passed and another server took it).
pub async fn mark_sent(ex: &mut Ex<'_>, id: i64, lease: i64, now: i64) -> Result<bool, AppError> {
    let marked = execute!(
        ex,
        "UPDATE quote_emails SET sent_at = $3, last_error = NULL \
         WHERE id = $1 AND next_attempt_at = $2 AND sent_at IS NULL",
        id,
        lease,
        now
    )?;
    Ok(marked == 1)
}

/// The mail `id`, claimed until `lease`, failed with `error`: tried again
/// at `retry_at`, or given up (`retry_at` none) at `now`.
pub async fn mark_failed(
    ex: &mut Ex<'_>,
    id: i64,
    lease: i64,
    error: &str,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE quote_emails SET last_error = $3, \
           next_attempt_at = COALESCE($4, next_attempt_at), \
           gave_up_at = CASE WHEN $4 IS NULL THEN $5 ELSE NULL END \
         WHERE id = $1 AND next_attempt_at = $2 AND sent_at IS NULL",
        id,
        lease,
        error,
        retry_at,
        now
    )?;
    Ok(())
}

/// How many mails the account queued since `since` (counted up to `cap`).
pub async fn queued_since(
    ex: &mut Ex<'_>,
    account_id: i64,
    since: i64,
    cap: i64,
) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 AS one FROM quote_emails \
         WHERE account_id = $1 AND created_at >= $2 LIMIT $3) AS n",
        account_id,
        since,
        cap
    )?)
}

/// A quote's mail as its page tells it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EmailState {
    pub to_email: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub gave_up_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The newest mail of the quote `quote_id`, if any.
pub async fn last_of(
    ex: &mut Ex<'_>,
    account_id: i64,
    quote_id: i64,
) -> Result<Option<EmailState>, AppError> {
    Ok(fetch_optional!(
        ex,
        EmailState,
        "SELECT to_email, created_at, sent_at, gave_up_at, attempts, last_error FROM quote_emails \
         WHERE account_id = $1 AND quote_id = $2 ORDER BY id DESC LIMIT 1",
        account_id,
        quote_id
    )?)
}
