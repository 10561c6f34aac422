//! The SQL of quotes: one quote with its deal's title, a deal's quotes,
//! keyset pages of the account's (newest first, by state and owner), the
//! quote's own lines, a draft's writes and each change of state, every
//! write at the version the caller saw.
pub mod emails;
use crate::domain::quotes::QuoteCustomer;
use crate::error::AppError;
use crate::ssr::db::Ex;
use crate::ssr::db::dynamic::{self, Sql};
use crate::ssr::deals::db::lines::{self, LineRow, LinesTable};
use crate::{execute, fetch_all, fetch_optional, fetch_scalar};

/// A quote as stored, with its deal's key and title.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct QuoteRow {
    pub id: i64,
    pub deal_id: i64,
    pub deal_key: String,
    pub deal_title: String,
    pub owner_id: i64,
    pub folio: i64,
    /// A stored [`crate::domain::quotes::QuoteState`] code.
    pub state: String,
    /// `YYYY-MM-DD`, local.
    pub valid_until: String,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_tax_id: Option<String>,
    pub customer_address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub currency: String,
    pub exchange_rate: String,
    pub notes: Option<String>,
    pub terms: Option<String>,
    pub subtotal_minor: i64,
    pub iva_minor: i64,
    pub total_minor: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decision_comment: Option<String>,
    /// The customer's link, once sent.
    pub public_token: Option<String>,
    pub version: i64,
}

impl QuoteRow {
    /// What it comes to, as stored.
    pub fn totals(&self) -> crate::domain::lines::Totals {
        crate::domain::lines::Totals {
            subtotal_minor: self.subtotal_minor,
            iva_minor: self.iva_minor,
            total_minor: self.total_minor,
        }
    }

    /// The quote as a paper (its PDF).
    pub fn paper(&self) -> crate::ssr::paper::Doc {
        use crate::domain::quotes::{QuoteState, folio};
        crate::ssr::paper::Doc {
            kind: crate::ssr::paper::Kind::Quote {
                valid_until: self.valid_until.clone(),
            },
            folio: folio(self.folio),
            dated: self.sent_at.unwrap_or(self.created_at),
            currency: self.currency.clone(),
            customer: self.customer(),
            totals: self.totals(),
            notes: self.notes.clone(),
            terms: self.terms.clone(),
            cancelled: self.state == QuoteState::Cancelled.code(),
        }
    }

    /// Its customer as it names them.
    pub fn customer(&self) -> QuoteCustomer {
        QuoteCustomer {
            organization_id: self.organization_id,
            name: self.customer_name.clone(),
            tax_id: self.customer_tax_id.clone(),
            address: self.customer_address.clone(),
            contact_id: self.contact_id,
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
        }
    }
}

/// The columns of a [`QuoteRow`], of `quotes q JOIN deals d`.
const COLUMNS: &str = "q.id, q.deal_id, d.key AS deal_key, d.title AS deal_title, q.owner_id, q.folio, q.state, \
     q.valid_until, q.organization_id, q.contact_id, q.customer_name, q.customer_tax_id, \
     q.customer_address, q.contact_name, q.contact_email, q.currency, q.exchange_rate, q.notes, \
     q.terms, q.subtotal_minor, q.iva_minor, q.total_minor, q.created_at, q.sent_at, q.decided_at, \
     q.decided_by_name, q.decision_comment, q.public_token, q.version";

/// What a quote takes from its deal: who owns it, its pipeline (whose
/// boards hear of it), its title, customer and currency.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct QuoteDeal {
    pub owner_id: i64,
    pub pipeline_id: i64,
    pub title: String,
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub currency: String,
    pub exchange_rate: String,
}

/// That of the account's deal `deal_id` (a foreign id is not found).
pub async fn deal(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<QuoteDeal, AppError> {
    fetch_optional!(
        ex,
        QuoteDeal,
        "SELECT owner_id, pipeline_id, title, organization_id, contact_id, currency, exchange_rate \
         FROM deals WHERE account_id = $1 AND id = $2",
        account_id,
        deal_id
    )?
    .ok_or(AppError::NotFound)
}

/// A new quote, its folio reserved.
#[derive(Clone, Debug)]
pub struct NewQuote<'a> {
    pub deal_id: i64,
    pub owner_id: i64,
    pub folio: i64,
    pub valid_until: String,
    pub customer: &'a QuoteCustomer,
    pub currency: &'a str,
    pub exchange_rate: &'a str,
    pub totals: crate::domain::lines::Totals,
    pub created_by: i64,
}

/// Stores a draft; answers its id.
pub async fn insert(
    ex: &mut Ex<'_>,
    account_id: i64,
    q: &NewQuote<'_>,
    now: i64,
) -> Result<i64, AppError> {
    let c = q.customer;
    Ok(fetch_scalar!(
        ex,
        i64,
        "INSERT INTO quotes (account_id, deal_id, owner_id, folio, state, valid_until, \
           organization_id, contact_id, customer_name, customer_tax_id, customer_address, \
           contact_name, contact_email, currency, exchange_rate, subtotal_minor, iva_minor, \
           total_minor, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
           $17, $18, $19, $19, 1) RETURNING id",
        account_id,
        q.deal_id,
        q.owner_id,
        q.folio,
        &q.valid_until,
        c.organization_id,
        c.contact_id,
        &c.name,
        &c.tax_id,
        &c.address,
        &c.contact_name,
        &c.contact_email,
        q.currency,
        q.exchange_rate,
        q.totals.subtotal_minor,
        q.totals.iva_minor,
        q.totals.total_minor,
        q.created_by,
        now
    )?)
}

/// The account's quote `id` with its deal's title (a foreign id: none).
pub async fn quote(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
) -> Result<Option<QuoteRow>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM quotes q JOIN deals d ON d.id = q.deal_id \
         WHERE q.account_id = $1 AND q.id = $2"
    );
    Ok(fetch_optional!(
        ex,
        QuoteRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        id
    )?)
}

/// A deal's newest 100 quotes.
pub async fn of_deal(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
) -> Result<Vec<QuoteRow>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM quotes q JOIN deals d ON d.id = q.deal_id \
         WHERE q.account_id = $1 AND q.deal_id = $2 ORDER BY q.id DESC LIMIT 100"
    );
    Ok(fetch_all!(
        ex,
        QuoteRow,
        sqlx::AssertSqlSafe(sql),
        account_id,
        deal_id
    )?)
}

/// How many of a deal's quotes went further than a draft (a deal that has
/// sent one is not deleted).
pub async fn sent_count(ex: &mut Ex<'_>, account_id: i64, deal_id: i64) -> Result<i64, AppError> {
    Ok(fetch_scalar!(
        ex,
        i64,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM quotes \
         WHERE account_id = $1 AND deal_id = $2 AND sent_at IS NOT NULL",
        account_id,
        deal_id
    )?)
}

/// Gives a deal's quotes to its new owner.
pub async fn set_owner(
    ex: &mut Ex<'_>,
    account_id: i64,
    deal_id: i64,
    owner_id: i64,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE quotes SET owner_id = $1 WHERE account_id = $2 AND deal_id = $3",
        owner_id,
        account_id,
        deal_id
    )?;
    Ok(())
}

/// Which quotes a list shows: by stored state (with a date: only those
/// valid from it, or only those that expired before it) and owner.
#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    pub account_id: i64,
    pub state: Option<&'static str>,
    /// With `sent`: `(today, true)` keeps the expired, `(today, false)` the
    /// still valid.
    pub expiry: Option<(String, bool)>,
    pub owner_id: Option<i64>,
    /// In validity order (the latest to lapse first) rather than newest
    /// first: the expired, read through their index.
    pub by_validity: bool,
}

/// Where a keyset page starts: the row's id (and its valid-until day in
/// validity order), and whether it is read upwards.
#[derive(Clone, Copy, Debug)]
pub struct PageAt<'a> {
    pub id: i64,
    pub valid_until: &'a str,
    pub backward: bool,
}

impl QuoteFilter {
    fn conditions(&self, sql: &mut Sql) -> String {
        let mut c = vec![format!("q.account_id = {}", sql.arg(self.account_id))];
        if let Some(state) = self.state {
            c.push(format!("q.state = {}", sql.arg(state)));
        }
        if let Some((today, expired)) = &self.expiry {
            let op = if *expired { "<" } else { ">=" };
            c.push(format!("q.valid_until {op} {}", sql.arg(today.clone())));
        }
        if let Some(owner) = self.owner_id {
            c.push(format!("q.owner_id = {}", sql.arg(owner)));
        }
        c.join(" AND ")
    }
}

/// One keyset page of the filter's quotes, newest first or in validity
/// order (`backward`: the page above the cursor, read upwards), and
/// whether the order goes on past it in the direction read.
pub async fn page(
    ex: &mut Ex<'_>,
    f: &QuoteFilter,
    cursor: Option<PageAt<'_>>,
    limit: i64,
) -> Result<(Vec<QuoteRow>, bool), AppError> {
    let mut sql = Sql::default();
    let mut conditions = f.conditions(&mut sql);
    let backward = cursor.is_some_and(|c| c.backward);
    if let Some(c) = cursor {
        let op = if c.backward { ">" } else { "<" };
        conditions += &match f.by_validity {
            true => format!(
                " AND (q.valid_until, q.id) {op} ({}, {})",
                sql.arg(c.valid_until.to_string()),
                sql.arg(c.id)
            ),
            false => format!(" AND q.id {op} {}", sql.arg(c.id)),
        };
    }
    let dir = if backward { "ASC" } else { "DESC" };
    let order = match f.by_validity {
        true => format!("q.valid_until {dir}, q.id {dir}"),
        false => format!("q.id {dir}"),
    };
    let limit_arg = sql.arg(limit + 1);
    sql.push(&format!(
        "SELECT {COLUMNS} FROM quotes q JOIN deals d ON d.id = q.deal_id \
         WHERE {conditions} ORDER BY {order} LIMIT {limit_arg}"
    ));
    let mut rows: Vec<QuoteRow> = dynamic::fetch_all(ex, sql).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    if backward {
        rows.reverse();
    }
    Ok((rows, more))
}

/// How many quotes the filter matches, counted up to `cap + 1`.
pub async fn count(ex: &mut Ex<'_>, f: &QuoteFilter, cap: i64) -> Result<i64, AppError> {
    let mut sql = Sql::default();
    let conditions = f.conditions(&mut sql);
    let cap = sql.arg(cap + 1);
    sql.push(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM \
         (SELECT 1 AS one FROM quotes q WHERE {conditions} LIMIT {cap}) AS n"
    ));
    Ok(dynamic::fetch_scalar(ex, sql).await?)
}

/// The quote's lines in their order.
pub async fn lines(
    ex: &mut Ex<'_>,
    account_id: i64,
    quote_id: i64,
) -> Result<Vec<LineRow>, AppError> {
    lines::of(ex, LinesTable::Quote, account_id, quote_id).await
}

/// Puts `rows`, in this order, in place of the quote's lines.
pub async fn replace_lines(
    ex: &mut Ex<'_>,
    account_id: i64,
    quote_id: i64,
    rows: &[LineRow],
) -> Result<(), AppError> {
    lines::replace(ex, LinesTable::Quote, account_id, quote_id, rows).await
}

/// A draft's fields as written.
#[derive(Clone, Debug)]
pub struct DraftWrite<'a> {
    pub valid_until: String,
    pub customer: &'a QuoteCustomer,
    pub notes: Option<&'a str>,
    pub terms: Option<&'a str>,
    pub totals: crate::domain::lines::Totals,
}

/// Writes a draft still at `version` (else `Conflict`), bumping it.
pub async fn update_draft(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    version: i64,
    d: &DraftWrite<'_>,
    now: i64,
) -> Result<(), AppError> {
    let c = d.customer;
    let changed = execute!(
        ex,
        "UPDATE quotes SET valid_until = $1, organization_id = $2, contact_id = $3, \
           customer_name = $4, customer_tax_id = $5, customer_address = $6, contact_name = $7, \
           contact_email = $8, notes = $9, terms = $10, subtotal_minor = $11, iva_minor = $12, \
           total_minor = $13, updated_at = $14, version = version + 1 \
         WHERE account_id = $15 AND id = $16 AND version = $17 AND state = 'draft'",
        &d.valid_until,
        c.organization_id,
        c.contact_id,
        &c.name,
        &c.tax_id,
        &c.address,
        &c.contact_name,
        &c.contact_email,
        d.notes,
        d.terms,
        d.totals.subtotal_minor,
        d.totals.iva_minor,
        d.totals.total_minor,
        now,
        account_id,
        id,
        version
    )?;
    if changed != 1 {
        return Err(AppError::Conflict("version".into()));
    }
    Ok(())
}

/// A change of state as written: the new stored state, and who decided
/// (an answer's name and comment).
#[derive(Clone, Debug)]
pub struct StateWrite<'a> {
    pub state: &'static str,
    pub sent: bool,
    pub decided: bool,
    pub decided_by_name: Option<&'a str>,
    pub decision_comment: Option<&'a str>,
}

/// Moves a quote still at `version` (else `Conflict`) to a new state at
/// `now`, bumping its version.
pub async fn set_state(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    version: i64,
    w: &StateWrite<'_>,
    now: i64,
) -> Result<(), AppError> {
    let changed = execute!(
        ex,
        "UPDATE quotes SET state = $1, \
           sent_at = CASE WHEN $2 THEN $3 ELSE sent_at END, \
           decided_at = CASE WHEN $4 THEN $3 ELSE decided_at END, \
           decided_by_name = CASE WHEN $4 THEN $5 ELSE decided_by_name END, \
           decision_comment = CASE WHEN $4 THEN $6 ELSE decision_comment END, \
           updated_at = $3, version = version + 1 \
         WHERE account_id = $7 AND id = $8 AND version = $9",
        w.state,
        w.sent,
        now,
        w.decided,
        w.decided_by_name,
        w.decision_comment,
        account_id,
        id,
        version
    )?;
    if changed != 1 {
        return Err(AppError::Conflict("version".into()));
    }
    Ok(())
}

/// Gives the quote `id` its customer's link.
pub async fn set_token(
    ex: &mut Ex<'_>,
    account_id: i64,
    id: i64,
    token: &str,
) -> Result<(), AppError> {
    execute!(
        ex,
        "UPDATE quotes SET public_token = $1 WHERE account_id = $2 AND id = $3",
        token,
        account_id,
        id
    )?;
    Ok(())
}

/// The account a customer's link belongs to, as its public page needs it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct LinkAccount {
    pub account_id: i64,
    pub name: String,
    pub plan: String,
    pub locale: String,
    pub time_zone: String,
    /// The deal's pipeline: whose open boards hear of an answer.
    pub pipeline_id: i64,
}

/// The quote of the customer's link `token`, with its account (none: no
/// such link).
pub async fn by_token(
    ex: &mut Ex<'_>,
    token: &str,
) -> Result<Option<(QuoteRow, LinkAccount)>, AppError> {
    /// A quote and its account, read together.
    #[derive(sqlx::FromRow)]
    struct Linked {
        #[sqlx(flatten)]
        quote: QuoteRow,
        #[sqlx(flatten)]
        account: LinkAccount,
    }
    let sql = format!(
        "SELECT {COLUMNS}, a.id AS account_id, a.name, a.plan, a.locale, a.time_zone, d.pipeline_id \
         FROM quotes q JOIN deals d ON d.id = q.deal_id JOIN accounts a ON a.id = q.account_id \
         WHERE q.public_token = $1"
    );
    Ok(fetch_optional!(ex, Linked, sqlx::AssertSqlSafe(sql), token)?.map(|l| (l.quote, l.account)))
}

/// Gives every `every`-th deal of the account one quote (draft, sent,
/// accepted or cancelled by its id, a third of them past their validity;
/// its value as total; no lines), with
/// folios past the account's; answers how many. A large account's quotes
/// for the benchmark (`embudo-bench lists`).
pub async fn fill_from_deals(
    ex: &mut Ex<'_>,
    account_id: i64,
    every: i64,
) -> Result<u64, AppError> {
    let first = fetch_scalar!(
        ex,
        i64,
        "SELECT next_quote_number FROM accounts WHERE id = $1",
        account_id
    )?;
    let made = execute!(
        ex,
        "INSERT INTO quotes (account_id, deal_id, owner_id, folio, state, valid_until, organization_id, \
           contact_id, currency, exchange_rate, subtotal_minor, iva_minor, total_minor, created_by, \
           created_at, updated_at, sent_at, version) \
         SELECT d.account_id, d.id, d.owner_id, $2 + d.id, \
           CASE d.id % 4 WHEN 0 THEN 'draft' WHEN 1 THEN 'sent' WHEN 2 THEN 'accepted' ELSE 'cancelled' END, \
           CASE WHEN d.id % 3 = 0 THEN '2026-01-31' ELSE '2027-01-31' END, d.organization_id, d.contact_id, d.currency, d.exchange_rate, d.value_minor, 0, \
           d.value_minor, d.owner_id, d.created_at, d.created_at, \
           CASE WHEN d.id % 4 IN (1, 2) THEN d.created_at END, 1 \
         FROM deals d WHERE d.account_id = $1 AND d.id % $3 = 0",
        account_id,
        first,
        every
    )?;
    execute!(
        ex,
        "UPDATE accounts SET next_quote_number = \
           (SELECT COALESCE(MAX(folio), 0) + 1 FROM quotes WHERE account_id = $1) WHERE id = $1",
        account_id
    )?;
    Ok(made)
}

/// How many quotes the account has, counted up to `cap`.
pub async fn account_count(ex: &mut Ex<'_>, account_id: i64, cap: i64) -> Result<i64, AppError> {
    count(
        ex,
        &QuoteFilter {
            account_id,
            ..QuoteFilter::default()
        },
        cap,
    )
    .await
}
