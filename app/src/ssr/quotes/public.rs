//! A sent quote as its customer sees it, through the link sent to them
//! (`/q/{token}`: 256 random bits, no sign-in): the quote, its PDF, and
//! the customer's answer — accepted or rejected once, with their name and
//! an optional comment, in the deal's history and reaching open boards.
//! An unknown link, one of an account without the CRM, and a malformed one
//! all answer as not found; nothing else of the account is shown.
use crate::domain::deal_event::DealEvent;
use crate::domain::locale::UiLocale;
use crate::domain::quotes::{PublicQuote, QuoteAction, QuoteState, folio, is_link_token};
use crate::domain::validate::has_control;
use crate::error::{AppError, Problems};
use crate::ssr::clock::{local_day, now_ms, time_zone};
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::events;
use crate::ssr::format::Formats;
use crate::ssr::lines as priced;
use crate::ssr::live::Live;
use crate::ssr::quotes::db::{self as q, LinkAccount, QuoteRow, StateWrite};
use crate::ssr::quotes::edit::{MAX_COMMENT, MAX_NAME, facts};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// The quote of `token` and its account, if it is a link of an account
/// with the CRM.
async fn linked(ex: &mut Ex<'_>, token: &str) -> Result<(QuoteRow, LinkAccount), AppError> {
    if !is_link_token(token) {
        return Err(AppError::NotFound);
    }
    let (row, account) = q::by_token(ex, token).await?.ok_or(AppError::NotFound)?;
    let has_crm = account
        .plan
        .parse::<crate::domain::plan::Plan>()
        .is_ok_and(|p| p.has_crm());
    if !has_crm {
        return Err(AppError::NotFound);
    }
    Ok((row, account))
}

/// The account's language and time zone.
fn reader(account: &LinkAccount) -> Result<(UiLocale, Tz), AppError> {
    Ok((
        UiLocale::preferred(None, &account.locale),
        time_zone(&account.time_zone)?,
    ))
}

/// The quote of the link `token`, as its customer sees it.
#[tracing::instrument(skip_all)]
pub async fn page(db: &Db, token: &str) -> Result<PublicQuote, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let (row, account) = linked(&mut ex, token).await?;
    let rows = q::lines(&mut ex, account.account_id, row.id).await?;
    let (locale, tz) = reader(&account)?;
    let f = Formats::new(locale);
    let state = QuoteState::on(&row.state, &row.valid_until, crate::ssr::clock::today(tz));
    let mut lines = priced::view(f, &row.currency, &rows, false);
    // The catalogue's ids stay inside the account.
    for l in &mut lines.lines {
        l.input.product_id.clear();
    }
    let mut customer = row.customer();
    customer.organization_id = None;
    customer.contact_id = None;
    let date = |ms: i64| f.date(crate::domain::dashboard::day_date(local_day(tz, ms)));
    Ok(PublicQuote {
        account_name: account.name,
        folio: folio(row.folio),
        state,
        customer,
        lines,
        issued: date(row.sent_at.unwrap_or(row.created_at)),
        valid_until: NaiveDate::parse_from_str(&row.valid_until, "%Y-%m-%d")
            .map(|d| f.date(d))
            .unwrap_or_else(|_| row.valid_until.clone()),
        notes: row.notes,
        terms: row.terms,
        decided: row.decided_at.map(|at| f.date_time(tz, at)),
        decided_by: row.decided_by_name,
        decision_comment: row.decision_comment,
        may_answer: state == QuoteState::Sent,
    })
}

/// The customer's answer to the quote of `token`: accepted (or not) by
/// `name`, with an optional `comment`. Given once: a quote answered,
/// expired or cancelled is refused (`state`: `state`, `expired`).
#[tracing::instrument(skip_all)]
pub async fn answer(
    db: &Db,
    live: &Live,
    token: &str,
    accept: bool,
    name: &str,
    comment: &str,
) -> Result<(), AppError> {
    let mut p = Problems::default();
    let name = p.required_text("name", Some(name), MAX_NAME);
    let comment = p.optional_text("comment", Some(comment), MAX_COMMENT);
    if has_control(&name) {
        p.add("name", "invalid");
    }
    if comment.as_deref().is_some_and(has_control) {
        p.add("comment", "invalid");
    }
    p.finish()?;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let (mut row, account) = linked(&mut ex, token).await?;
    let (_, tz) = reader(&account)?;
    let now = now_ms();
    let state = QuoteState::on(&row.state, &row.valid_until, crate::ssr::clock::today(tz));
    let action = if accept {
        QuoteAction::Accept
    } else {
        QuoteAction::Reject
    };
    let lines = q::lines(&mut ex, account.account_id, row.id).await?;
    let next = action
        .apply(state, lines.len())
        .map_err(|code| AppError::field("state", code))?;
    let write = StateWrite {
        state: next.code(),
        sent: false,
        decided: true,
        decided_by_name: Some(&name),
        decision_comment: comment.as_deref(),
    };
    // Two answers at once: the second finds the version moved.
    q::set_state(
        &mut ex,
        account.account_id,
        row.id,
        row.version,
        &write,
        now,
    )
    .await
    .map_err(|e| match e {
        AppError::Conflict(_) => AppError::field("state", "state"),
        e => e,
    })?;
    row.state = next.code().to_string();
    let mut f = facts(&row);
    f.customer = Some(name.clone());
    let event = if accept {
        DealEvent::QuoteAccepted(f)
    } else {
        DealEvent::QuoteRejected(f)
    };
    events::append_by(&mut ex, account.account_id, row.deal_id, None, now, &event).await?;
    tx.commit().await?;
    live.publish(db, account.account_id, account.pipeline_id)
        .await;
    Ok(())
}

/// The quote of `token` as a PDF, with its file name.
#[tracing::instrument(skip_all)]
pub async fn pdf(db: &Db, token: &str) -> Result<(String, Vec<u8>), AppError> {
    let (row, rows, account) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let (row, account) = linked(&mut ex, token).await?;
        let rows = q::lines(&mut ex, account.account_id, row.id).await?;
        (row, rows, account)
    };
    let (locale, tz) = reader(&account)?;
    let name = format!("{}.pdf", folio(row.folio));
    let paper = crate::ssr::paper::Paper {
        account_name: account.name,
        locale,
        tz,
    };
    let bytes = crate::ssr::paper::render_off(paper, row.paper(), rows).await?;
    Ok((name, bytes))
}
