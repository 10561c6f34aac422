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
use crate::domain::quotes::folio;
use crate::error::AppError;
use crate::ssr::activities::db::{self as activities, NewActivity};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::mail::Mailer;
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

/// Queues the mail of `row`, a quote sent just now with the customer's
/// link `url`, to its contact's address (none: `contact_id` `no_email`).
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

/// Sends the mail `e` if this server claims it, and writes what became
/// of it (sent: with the deal's email activity).
async fn deliver(db: &Db, mailer: &Mailer, e: DueEmail, now: i64) -> Result<Outcome, AppError> {
    {
        let mut tx = db.begin().await?;
        if !emails::claim(&mut tx.ex(), e.id, e.next_attempt_at, now + LEASE_MS).await? {
            return Ok(Outcome::Taken);
        }
        tx.commit().await?;
    }
    let attempts = e.attempts + 1;
    let (row, lines) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let row = q::quote(&mut ex, e.account_id, e.quote_id).await?;
        let lines = q::lines(&mut ex, e.account_id, e.quote_id).await?;
        (row, lines)
    };
    let Some(row) = row else {
        return give_up(db, &e, "the quote is gone", now).await;
    };
    let drawn = Paper::for_account(&e.account_name, &e.account_locale, &e.time_zone)?;
    let pdf = paper::render_off(drawn, row.paper(), lines).await?;
    let file = format!("{}.pdf", folio(row.folio));
    let sent = match message(mailer.from(), &e, &file, pdf) {
        Ok(m) => mailer.send(m).await,
        // An address the relay would never take: no retry helps.
        Err(why) => return give_up(db, &e, &why, now).await,
    };
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let outcome = match sent {
        Ok(()) => {
            emails::mark_sent(&mut ex, e.id, now).await?;
            record_activity(&mut ex, &e, &row, now).await?;
            Outcome::Sent
        }
        Err(why) if attempts < MAX_ATTEMPTS => {
            let retry = now + backoff_ms(attempts);
            emails::mark_failed(&mut ex, e.id, &why, Some(retry), now).await?;
            tracing::warn!(email = e.id, attempts, "quote mail failed, to retry: {why}");
            Outcome::Retry(why)
        }
        Err(why) => {
            emails::mark_failed(&mut ex, e.id, &why, None, now).await?;
            tracing::error!(email = e.id, attempts, "quote mail given up: {why}");
            Outcome::GaveUp(why)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Gives the mail `e` up with `why`.
async fn give_up(db: &Db, e: &DueEmail, why: &str, now: i64) -> Result<Outcome, AppError> {
    let mut tx = db.begin().await?;
    emails::mark_failed(&mut tx.ex(), e.id, why, None, now).await?;
    tx.commit().await?;
    tracing::error!(email = e.id, "quote mail given up: {why}");
    Ok(Outcome::GaveUp(why.to_string()))
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
    let id = activities::insert(ex, e.account_id, &activity, now).await?;
    activities::mark_done(ex, e.account_id, id, now).await
}

/// Sends the mails due at `now`; answers what became of each.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: i64) -> Result<Vec<Outcome>, AppError> {
    let due = {
        let mut conn = db.read().await?;
        emails::due(&mut conn.ex(), now, ROUND).await?
    };
    let mut outcomes = Vec::with_capacity(due.len());
    for e in due {
        outcomes.push(deliver(db, mailer, e, now).await?);
    }
    Ok(outcomes)
}

/// The mail worker: a round whenever a mail is queued on this server, and
/// every [`IDLE`] for those queued elsewhere or due again.
pub async fn work(db: Db, mailer: Mailer) {
    loop {
        let now = crate::ssr::clock::now_ms();
        match deliver_due(&db, &mailer, now).await {
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
