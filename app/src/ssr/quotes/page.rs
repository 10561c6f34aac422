//! The quotes' pages: `/crm/cotizaciones` (newest first, by state; a
//! seller sees their deals' quotes only), one quote's page, and a deal's
//! quotes for its page. Money and dates are written for the viewer.
use crate::domain::directory::ListPages;
use crate::domain::quotes::{
    MailState, QUOTES_PAGE, QuoteAction, QuoteList, QuoteMail, QuotePage, QuoteQuery, QuoteState,
    QuoteSummary, folio,
};
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::{Db, Ex};
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::directory::db as directory;
use crate::ssr::lines as priced;
use crate::ssr::query;
use crate::ssr::quotes::db::emails::{self, EmailState};
use crate::ssr::quotes::db::{self as q, PageAt, QuoteFilter, QuoteRow};
use crate::ssr::quotes::edit::visible;
use chrono::NaiveDate;

/// Quotes a list counts.
const COUNT_CAP: i64 = 1_000;

/// A local date (`YYYY-MM-DD`) as the viewer writes it.
pub(crate) fn date(actor: &Actor, text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| actor.formats().date(d))
        .unwrap_or_else(|_| text.to_string())
}

/// `row` as a list shows it, in its state on `today`.
fn summary(actor: &Actor, row: &QuoteRow, today: NaiveDate) -> QuoteSummary {
    QuoteSummary {
        id: row.id,
        folio: folio(row.folio),
        state: QuoteState::on(&row.state, &row.valid_until, today),
        deal_id: row.deal_id,
        deal_key: row.deal_key.clone(),
        deal_title: row.deal_title.clone(),
        customer: row
            .customer_name
            .clone()
            .or_else(|| row.contact_name.clone()),
        total: actor.formats().money(row.total_minor, &row.currency),
        valid_until: date(actor, &row.valid_until),
        created: actor.local_time(row.created_at),
    }
}

/// The list's filter for a state asked by its word (`expired`: sent and
/// past its validity; `sent`: sent and still valid).
fn filter(actor: &Actor, state: Option<QuoteState>) -> QuoteFilter {
    let day = actor.clock.today().format("%Y-%m-%d").to_string();
    let (stored, expiry) = match state {
        None => (None, None),
        Some(QuoteState::Expired) => (Some(QuoteState::Sent.code()), Some((day, true))),
        Some(QuoteState::Sent) => (Some(QuoteState::Sent.code()), Some((day, false))),
        Some(s) => (Some(s.code()), None),
    };
    QuoteFilter {
        account_id: actor.account_id,
        state: stored,
        expiry,
        owner_id: actor.own_deals_only(),
        // The expired, the latest to lapse first (through their index).
        by_validity: state == Some(QuoteState::Expired),
    }
}

/// One page of the quotes the viewer sees, as `query` asks.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn list(db: &Db, actor: &Actor, query: &QuoteQuery) -> Result<QuoteList, AppError> {
    let state = match query::trimmed(&query.state) {
        "" => None,
        word => Some(QuoteState::parse(word).ok_or_else(|| AppError::field("state", "invalid"))?),
    };
    // An id cursor, `<id>.` as the pagers of the searched lists; in
    // validity order `<id>.<YYYY-MM-DD>`.
    let cursor = query::name_cursor(&query.after, &query.before)?;
    let f = filter(actor, state);
    let mut conn = db.read().await?;
    let at = cursor.as_ref().map(|c| PageAt {
        id: c.id,
        valid_until: &c.name,
        backward: c.backward,
    });
    let (rows, more) = q::page(&mut conn.ex(), &f, at, QUOTES_PAGE).await?;
    let total = q::count(&mut conn.ex(), &f, COUNT_CAP).await?;
    // In validity order a pager carries the day too (`<id>.<YYYY-MM-DD>`).
    let keys: Vec<(i64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.id,
                if f.by_validity {
                    r.valid_until.as_str()
                } else {
                    ""
                },
            )
        })
        .collect();
    let (previous, next) = query::name_pager(cursor.as_ref(), !f.by_validity, &keys, more);
    let today = actor.clock.today();
    Ok(QuoteList {
        rows: rows.iter().map(|r| summary(actor, r, today)).collect(),
        pages: ListPages {
            total: total.min(COUNT_CAP),
            more_than: total > COUNT_CAP,
            previous,
            next,
            short_search: false,
        },
    })
}

/// A page of the quotes the caller sees in `state` (none: every state) for
/// the REST list: in id order, `limit` of them after the id `after`; and
/// whether more follow.
pub async fn api_page(
    db: &Db,
    actor: &Actor,
    state: Option<QuoteState>,
    after: i64,
    limit: i64,
) -> Result<(Vec<QuoteRow>, bool), AppError> {
    // The API lists in id order, the expired too.
    let f = QuoteFilter {
        by_validity: false,
        ..filter(actor, state)
    };
    let mut conn = db.read().await?;
    // The keyset page read upwards from `after`, turned back to id order.
    let at = PageAt {
        id: after,
        valid_until: "",
        backward: true,
    };
    let (mut rows, more) = q::page(&mut conn.ex(), &f, Some(at), limit).await?;
    rows.reverse();
    Ok((rows, more))
}

/// The quote `id` as stored, with its lines and its nota de venta, for a
/// caller who sees its deal (else not found).
pub async fn stored(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<(QuoteRow, Vec<LineRow>, Option<i64>), AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    let note = crate::ssr::sale_notes::page::of_quote(&mut ex, actor, id).await?;
    Ok((row, rows, note))
}

/// The quotes of the deal `deal_id` (which the caller sees), newest first.
pub async fn of_deal(
    ex: &mut Ex<'_>,
    actor: &Actor,
    deal_id: i64,
) -> Result<Vec<QuoteSummary>, AppError> {
    let today = actor.clock.today();
    Ok(q::of_deal(ex, actor.account_id, deal_id)
        .await?
        .iter()
        .map(|r| summary(actor, r, today))
        .collect())
}

/// The WhatsApp message that shares the link `url` of the quote `row`:
/// `https://wa.me/?text=…` (the seller picks the chat).
fn whatsapp(actor: &Actor, row: &QuoteRow, url: &str) -> String {
    use leptos_i18n::td_string;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // What a query's value escapes: all but RFC 3986's unreserved.
    const VALUE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    // In the account's language: it goes to the customer.
    let l = crate::components::session::to_i18n(crate::domain::locale::UiLocale::preferred(
        None,
        &actor.row.account_locale,
    ));
    let (number, account) = (folio(row.folio), actor.row.account_name.as_str());
    let text = match row.contact_name.as_deref() {
        Some(contact) => td_string!(
            l,
            cotizaciones.whatsapp_named,
            contact = contact,
            folio = number.as_str(),
            account = account,
            url = url
        )
        .to_string(),
        None => td_string!(
            l,
            cotizaciones.whatsapp,
            folio = number.as_str(),
            account = account,
            url = url
        )
        .to_string(),
    };
    format!("https://wa.me/?text={}", utf8_percent_encode(&text, VALUE))
}

/// The quote `id` as its page shows it (one of a deal the viewer does not
/// see: not found); its customer's link starts with `base` (the install's
/// public address).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn quote_page(
    db: &Db,
    actor: &Actor,
    id: i64,
    base: &str,
    mail: bool,
) -> Result<QuotePage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let row = visible(&mut ex, actor, id).await?;
    let today = actor.clock.today();
    let summary = summary(actor, &row, today);
    let rows = q::lines(&mut ex, actor.account_id, id).await?;
    let lines = priced::view(actor.formats(), &row.currency, &rows, false);
    let may_edit = actor.may_edit_deal(row.owner_id);
    let actions = if may_edit {
        QuoteAction::ALL
            .into_iter()
            .filter(|a| a.apply(summary.state, rows.len()).is_ok())
            .collect()
    } else {
        vec![]
    };
    let contacts = match row.organization_id {
        Some(org) if may_edit && summary.state == QuoteState::Draft => {
            directory::organization_contacts(&mut ex, actor.account_id, org)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect()
        }
        _ => vec![],
    };
    let public_url = row
        .public_token
        .as_ref()
        .filter(|_| may_edit)
        .map(|t| format!("{base}/q/{t}"));
    let whatsapp_url = public_url.as_deref().map(|u| whatsapp(actor, &row, u));
    let sale_note = crate::ssr::sale_notes::page::of_quote(&mut ex, actor, id).await?;
    let may_issue_note = may_edit && sale_note.is_none() && summary.state == QuoteState::Accepted;
    let last_mail = match may_edit {
        true => emails::last_of(&mut ex, actor.account_id, id)
            .await?
            .map(|m| mail_of(actor, m)),
        false => None,
    };
    Ok(QuotePage {
        may_mail: mail && may_edit,
        last_mail,
        public_url,
        whatsapp_url,
        sale_note,
        may_issue_note,
        version: row.version,
        customer: row.customer(),
        valid_until_input: row.valid_until.clone(),
        notes: row.notes.clone(),
        terms: row.terms.clone(),
        lines,
        contacts,
        sent: row.sent_at.map(|at| actor.local_time(at)),
        decided: row.decided_at.map(|at| actor.local_time(at)),
        decided_by: row.decided_by_name.clone(),
        decision_comment: row.decision_comment.clone(),
        may_edit: may_edit && summary.state == QuoteState::Draft,
        actions,
        summary,
    })
}

/// A quote's mail as its page tells it.
fn mail_of(actor: &Actor, m: EmailState) -> QuoteMail {
    let (state, at) = match (m.sent_at, m.gave_up_at) {
        (Some(at), _) => (MailState::Sent, at),
        (None, Some(at)) => (MailState::GaveUp, at),
        (None, None) if m.attempts > 0 && m.last_error.is_some() => {
            (MailState::Retrying, m.created_at)
        }
        (None, None) => (MailState::Queued, m.created_at),
    };
    QuoteMail {
        to: m.to_email,
        state,
        at: actor.local_time(at),
        error: m.last_error.filter(|_| state != MailState::Sent),
    }
}

/// The quote `id` as a PDF (see [`crate::ssr::paper`]), in the
/// account's language, with its file name (`COT-000123.pdf`).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn pdf(db: &Db, actor: &Actor, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let (row, rows) = {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let row = visible(&mut ex, actor, id).await?;
        let rows = q::lines(&mut ex, actor.account_id, id).await?;
        (row, rows)
    };
    let name = format!("{}.pdf", folio(row.folio));
    let paper = crate::ssr::paper::Paper::of(actor);
    let bytes = crate::ssr::paper::render_off(paper, row.paper(), rows).await?;
    Ok((name, bytes))
}
