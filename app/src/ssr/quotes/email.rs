//! The mail a sent quote gives its customer: its link to see, accept or
//! reject it and its PDF, from the install's sender with the seller as
//! Reply-To, in the account's language.
//!
//! Queued in the transaction that sends the quote (or asks for it again),
//! so it is never lost nor sent for a quote that was not; delivered by
//! [`work`], which every app server runs when a relay is configured. A
//! mail is claimed for [`LEASE_MS`] before it is sent, so one server sends
//! it; a failure is tried again after a growing wait, and given up after
//! [`MAX_ATTEMPTS`] with its last error kept for the quote's page. Once
//! sent, an email activity (done) is written on the deal.
use crate::components::session::to_i18n;
use crate::domain::locale::UiLocale;
use crate::domain::quotes::{QuoteState, folio};
use crate::error::AppError;
use crate::ssr::activities::db::{self as activities, NewActivity};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::mail::Mailer;
use crate::ssr::outbox::Source;
use crate::ssr::paper::{self, Paper};
use crate::ssr::quotes::db::emails::{self, DueEmail, NewEmail};
use crate::ssr::quotes::db::{self as q, QuoteRow};
use leptos_i18n::td_string;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use std::time::Duration;

/// Tries before a mail is given up.
pub const MAX_ATTEMPTS: i64 = 6;
/// How long a claimed mail is left to its server.
pub const LEASE_MS: i64 = 5 * 60_000;
/// Mails one round sends at most.
const ROUND: i64 = 20;
/// How long the worker sleeps when nobody rings.
const IDLE: Duration = Duration::from_secs(20);

/// The wait after the `attempts`-th failure: 1, 5, 30 minutes, 2, 6 hours.
fn backoff_ms(attempts: i64) -> i64 {
    const MINUTES: [i64; 5] = [1, 5, 30, 120, 360];
    MINUTES[(attempts.max(1) as usize - 1).min(MINUTES.len() - 1)] * 60_000
}

/// Queues the mail of `row`, a sent quote, with the customer's link `url`,
/// to its contact's address (none: `contact_id` `no_email`), if
/// [`may_queue`] allows it.
pub async fn queue(
    ex: &mut Ex<'_>,
    actor: &Actor,
    row: &QuoteRow,
    url: &str,
) -> Result<(), AppError> {
    let to = row
        .contact_email
        .as_deref()
        .ok_or_else(|| AppError::field("contact_id", "no_email"))?;
    may_queue(ex, actor, row.id).await?;
    let l = to_i18n(UiLocale::preferred(None, &actor.row.account_locale));
    let number = folio(row.folio);
    let account = actor.row.account_name.as_str();
    let seller = actor.row.name.as_str();
    let total = format!(
        "{} {}",
        actor.formats().money(row.total_minor, &row.currency),
        row.currency
    );
    let valid_until = super::page::date(actor, &row.valid_until);
    let greeting = match row.contact_name.as_deref() {
        Some(contact) => td_string!(l, correo.greeting_named, contact = contact).to_string(),
        None => td_string!(l, correo.greeting).to_string(),
    };
    let body = [
        greeting,
        String::new(),
        td_string!(
            l,
            correo.body,
            seller = seller,
            account = account,
            folio = number.as_str(),
            total = total.as_str(),
            valid_until = valid_until.as_str()
        )
        .to_string(),
        String::new(),
        td_string!(l, correo.link).to_string(),
        url.to_string(),
        String::new(),
        td_string!(l, correo.attached).to_string(),
        String::new(),
        td_string!(l, correo.closing).to_string(),
        seller.to_string(),
        account.to_string(),
    ]
    .join("\n");
    let subject = td_string!(
        l,
        correo.subject,
        folio = number.as_str(),
        account = account
    )
    .to_string();
    let mail = NewEmail {
        quote_id: row.id,
        requested_by: actor.user_id,
        to_email: to,
        to_name: row.contact_name.as_deref(),
        reply_to: &actor.row.email,
        reply_name: seller,
        subject: &subject,
        body: &body,
    };
    emails::insert(ex, actor.account_id, &mail, actor.clock.now).await?;
    Ok(())
}

/// Mails an account may queue in a day.
pub const DAILY_MAILS: i64 = 500;
/// How long after a quote's mail went out it may be mailed again.
pub const AGAIN_AFTER_MS: i64 = 10 * 60_000;

/// Whether the quote `quote_id` may be mailed now: not while its last mail
/// is on its way or went out minutes ago (`email` `too_soon`), nor past
/// the account's [`DAILY_MAILS`] (`email` `limit_reached`).
async fn may_queue(ex: &mut Ex<'_>, actor: &Actor, quote_id: i64) -> Result<(), AppError> {
    let now = actor.clock.now;
    if let Some(last) = emails::last_of(ex, actor.account_id, quote_id).await? {
        let pending = last.sent_at.is_none() && last.gave_up_at.is_none();
        let recent = last.sent_at.is_some_and(|at| at > now - AGAIN_AFTER_MS);
        if pending || recent {
            return Err(AppError::field("email", "too_soon"));
        }
    }
    let day = emails::queued_since(ex, actor.account_id, now - 86_400_000, DAILY_MAILS).await?;
    if day >= DAILY_MAILS {
        return Err(AppError::field("email", "limit_reached"));
    }
    Ok(())
}

/// A mailbox of `name` and `email` (a stored address lettre cannot read:
/// the reason).
fn mailbox(name: Option<&str>, email: &str) -> Result<Mailbox, String> {
    let address = email.parse().map_err(|e| format!("{email}: {e}"))?;
    Ok(Mailbox::new(name.map(str::to_string), address))
}

/// The message of `e` from `from`, its PDF `pdf` named `file`.
fn message(from: &Mailbox, e: &DueEmail, file: &str, pdf: Vec<u8>) -> Result<Message, String> {
    let pdf_type = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
    Message::builder()
        .from(from.clone())
        .reply_to(mailbox(Some(&e.reply_name), &e.reply_to)?)
        .to(mailbox(e.to_name.as_deref(), &e.to_email)?)
        .subject(e.subject.clone())
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(e.body.clone()))
                .singlepart(Attachment::new(file.to_string()).body(pdf, pdf_type)),
        )
        .map_err(|e| e.to_string())
}

/// What became of one mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Tried again later.
    Retry(String),
    GaveUp(String),
    /// Another server has it.
    Taken,
}

/// What a claimed mail comes to before it is sent.
enum Drawn {
    Ready(Box<QuoteRow>, Box<Message>),
    /// It can never go (the quote is gone or cancelled, an address the
    /// relay would never take).
    Never(String),
    /// Not now (the database or the PDF failed): tried again.
    Later(String),
}

/// The message of `e` with its PDF drawn from the frozen quote.
async fn draw(db: &Db, mailer: &Mailer, e: &DueEmail) -> Drawn {
    let loaded = async {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let row = q::quote(&mut ex, e.account_id, e.quote_id).await?;
        let lines = q::lines(&mut ex, e.account_id, e.quote_id).await?;
        Ok::<_, AppError>((row, lines))
    };
    let (row, lines) = match loaded.await {
        Ok((Some(row), lines)) => (row, lines),
        Ok((None, _)) => return Drawn::Never("the quote is gone".into()),
        Err(err) => return Drawn::Later(format!("{err:?}")),
    };
    if row.state == QuoteState::Cancelled.code() {
        return Drawn::Never("the quote was cancelled".into());
    }
    let pdf = match Paper::for_account(&e.account_name, &e.account_locale, &e.time_zone) {
        Ok(drawn) => paper::render_off(drawn, row.paper(), lines).await,
        Err(err) => Err(err),
    };
    let pdf = match pdf {
        Ok(pdf) => pdf,
        Err(err) => return Drawn::Later(format!("the PDF: {err:?}")),
    };
    let file = format!("{}.pdf", folio(row.folio));
    match message(mailer.from(), e, &file, pdf) {
        Ok(m) => Drawn::Ready(Box::new(row), Box::new(m)),
        Err(why) => Drawn::Never(why),
    }
}

/// Sends the mail `e` if this server claims it (until [`LEASE_MS`] past
/// `clock()`), and writes what became of it: sent, then the deal's email
/// activity; or its failure, tried again or given up.
async fn deliver(
    db: &Db,
    mailer: &Mailer,
    e: DueEmail,
    clock: &(dyn Fn() -> i64 + Sync),
) -> Result<Outcome, AppError> {
    let lease = clock() + LEASE_MS;
    {
        let mut tx = db.begin().await?;
        if !emails::claim(&mut tx.ex(), e.id, e.next_attempt_at, lease).await? {
            return Ok(Outcome::Taken);
        }
        tx.commit().await?;
    }
    let attempts = e.attempts + 1;
    let sent = match draw(db, mailer, &e).await {
        Drawn::Ready(row, m) => mailer.send(*m).await.map(|()| row),
        Drawn::Later(why) => Err(why),
        Drawn::Never(why) => {
            return failed(db, &e, lease, why, None, clock()).await;
        }
    };
    let now = clock();
    match sent {
        Ok(row) => {
            let mut tx = db.begin().await?;
            if !emails::mark_sent(&mut tx.ex(), e.id, lease, now).await? {
                return Ok(Outcome::Taken);
            }
            tx.commit().await?;
            // Its own transaction: a failure here must not unsend it.
            let mut tx = db.begin().await?;
            record_activity(&mut tx.ex(), &e, &row, now).await?;
            tx.commit().await?;
            Ok(Outcome::Sent)
        }
        Err(why) if attempts < MAX_ATTEMPTS => {
            let retry = now + backoff_ms(attempts);
            failed(db, &e, lease, why, Some(retry), now).await
        }
        Err(why) => failed(db, &e, lease, why, None, now).await,
    }
}

/// Writes the mail `e`'s failure `why`: tried again at `retry`, or given
/// up (none).
async fn failed(
    db: &Db,
    e: &DueEmail,
    lease: i64,
    why: String,
    retry: Option<i64>,
    now: i64,
) -> Result<Outcome, AppError> {
    let mut tx = db.begin().await?;
    emails::mark_failed(&mut tx.ex(), e.id, lease, &why, retry, now).await?;
    tx.commit().await?;
    Ok(match retry {
        Some(_) => {
            tracing::warn!(email = e.id, "quote mail failed, to retry: {why}");
            Outcome::Retry(why)
        }
        None => {
            tracing::error!(email = e.id, "quote mail given up: {why}");
            Outcome::GaveUp(why)
        }
    })
}

/// The deal's email activity of the mail `e` of `row`, done.
async fn record_activity(
    ex: &mut Ex<'_>,
    e: &DueEmail,
    row: &QuoteRow,
    now: i64,
) -> Result<(), AppError> {
    let l = to_i18n(UiLocale::preferred(None, &e.account_locale));
    let number = folio(row.folio);
    let subject = td_string!(
        l,
        correo.activity,
        folio = number.as_str(),
        to = e.to_email.as_str()
    )
    .to_string();
    let activity = NewActivity {
        kind: "correo".into(),
        subject,
        due_at: Some(now),
        priority: "media".into(),
        assigned_to: e.requested_by,
        deal_id: Some(row.deal_id),
        contact_id: row.contact_id,
        organization_id: row.organization_id,
        notes: Some(td_string!(l, correo.activity_notes).to_string()),
        reminder_at: None,
    };
    // Written by the mail worker for whoever asked for the mail.
    let source = Source::user(e.requested_by);
    let id = activities::insert(ex, e.account_id, source, &activity, now).await?;
    activities::mark_done(ex, e.account_id, source, id, now).await
}

/// Sends the mails due at `clock()`; answers what became of each (one
/// that failed to be written is logged and left to its lease).
pub async fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    clock: &(dyn Fn() -> i64 + Sync),
) -> Result<Vec<Outcome>, AppError> {
    let due = {
        let mut conn = db.read().await?;
        emails::due(&mut conn.ex(), clock(), ROUND).await?
    };
    let mut outcomes = Vec::with_capacity(due.len());
    for e in due {
        let id = e.id;
        match deliver(db, mailer, e, clock).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(err) => tracing::error!(email = id, "quote mail not written: {err:?}"),
        }
    }
    Ok(outcomes)
}

/// The mail worker: a round whenever a mail is queued on this server, and
/// every [`IDLE`] for those queued elsewhere or due again.
pub async fn work(db: Db, mailer: Mailer) {
    loop {
        match deliver_due(&db, &mailer, &crate::ssr::clock::now_ms).await {
            // A full round may have left more behind.
            Ok(done) if done.len() as i64 == ROUND => continue,
            Ok(_) => {}
            Err(e) => tracing::error!("mail round failed: {e:?}"),
        }
        mailer.wait(IDLE).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_and_stops_growing() {
        let waits: Vec<i64> = (1..=7).map(|n| backoff_ms(n) / 60_000).collect();
        assert_eq!(waits, [1, 5, 30, 120, 360, 360, 360]);
        assert_eq!(backoff_ms(0), 60_000);
    }
}
