//! The deal form, "Nuevo trato" on the board and "Editar trato" on the deal
//! page: every field checked at once, each problem named by its field,
//! nothing written unless all are right.
use crate::domain::activities::Priority;
use crate::domain::deal::{DealForm, DealInput, MAX_COMMENT, MAX_DESCRIPTION, MAX_SOURCE};
use crate::domain::deal_change::{DealChange, DealCurrency, DealCustomer, DealEdit};
use crate::domain::money::{CURRENCIES, MoneyError, major, minor_digits, parse_minor, parse_rate};
use crate::domain::permission::Permission;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::deals::db::page as q;
use crate::ssr::deals::db::page::DealRecord;
use crate::ssr::deals::db::{self as deals, NewDeal};
use crate::ssr::directory::db as directory;
use crate::ssr::directory::edit as directory_edit;
use crate::ssr::live::Live;
use crate::ssr::outbox::Source;
use crate::ssr::pipelines::db as pipelines;
use crate::ssr::users::db as users;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The form's fields once every one is right.
struct Checked {
    title: String,
    value_minor: i64,
    currency: DealCurrency,
    stage_id: i64,
    owner_id: i64,
    expected_close_date: Option<String>,
    /// Description, priority and source; organization and contact as sent
    /// (checked against the account in the write's transaction).
    customer: DealCustomer,
    organization_name: Option<String>,
}

/// Checks every field of `input`; all problems at once. An empty owner is
/// the caller; another owner needs `crm.deals.edit_all` unless it is
/// `current_owner` (an edit that keeps the owner).
fn check(
    actor: &Actor,
    input: &DealInput,
    current_owner: Option<i64>,
) -> Result<Checked, AppError> {
    let mut problems = Problems::default();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        problems.add("title", "length");
    }
    let code = match input.currency.trim() {
        "" => actor.row.currency.clone(),
        text => text.to_ascii_uppercase(),
    };
    // In the currency's minor units: 1500.5 is too precise for CLP.
    let value = parse_minor(&input.value, minor_digits(&code));
    if let Err(e) = value {
        problems.add("value", e.code());
    }
    if code != actor.row.currency && !CURRENCIES.contains(&code.as_str()) {
        problems.add("currency", "unknown");
    }
    let rate = if code == actor.row.currency {
        Ok(Decimal::ONE)
    } else if input.exchange_rate.trim().is_empty() {
        Err(MoneyError::Malformed)
    } else {
        parse_rate(&input.exchange_rate)
    };
    if let Err(e) = rate {
        problems.add("exchange_rate", e.code());
    }
    let stage_id = input.stage_id.trim().parse::<i64>();
    if stage_id.is_err() {
        problems.add("stage_id", "invalid");
    }
    let owner_id = match input.owner_id.trim() {
        "" => Ok(current_owner.unwrap_or(actor.user_id)),
        text => text.parse::<i64>(),
    };
    match owner_id {
        Err(_) => problems.add("owner_id", "invalid"),
        Ok(id)
            if id != actor.user_id
                && Some(id) != current_owner
                && !actor.can(Permission::DealsEditAll) =>
        {
            problems.add("owner_id", "not_allowed");
        }
        Ok(_) => {}
    }
    let close = match input.expected_close_date.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some),
    };
    if close.is_err() {
        problems.add("expected_close_date", "invalid_date");
    }
    let p = &mut problems;
    let customer = DealCustomer {
        organization_id: p.id("organization_id", Some(&input.organization_id)),
        contact_id: p.id("contact_id", Some(&input.contact_id)),
        description: p.optional_text("description", Some(&input.description), MAX_DESCRIPTION),
        priority: p
            .word("priority", Some(&input.priority), Priority::parse)
            .map(|p| p.stored().to_string()),
        source: p.optional_text("source", Some(&input.source), MAX_SOURCE),
    };
    let organization_name = p.optional_text("organization", Some(&input.organization), 200);
    if organization_name
        .as_ref()
        .is_some_and(|n| n.chars().any(char::is_control))
    {
        p.add("organization", "invalid");
    }
    problems.finish()?;
    match (value, rate, stage_id, owner_id, close) {
        (Ok(value_minor), Ok(rate), Ok(stage_id), Ok(owner_id), Ok(close)) => Ok(Checked {
            title: title.to_string(),
            value_minor,
            currency: DealCurrency { code, rate },
            stage_id,
            owner_id,
            expected_close_date: close.map(|d| d.to_string()),
            customer,
            organization_name,
        }),
        _ => Err(AppError::Internal),
    }
}

/// The deal's customer as the account has it: an organization by id (of
/// the account) or by name (found in any case, or created for the caller),
/// and a contact of the account — of that organization, when there is one;
/// a contact alone brings its organization.
async fn resolve_customer(ex: &mut Ex<'_>, actor: &Actor, c: &mut Checked) -> Result<(), AppError> {
    let mut p = Problems::default();
    let customer = &mut c.customer;
    if let Some(id) = customer.organization_id
        && directory::organization(ex, actor.account_id, id)
            .await?
            .is_none()
    {
        p.add("organization_id", "not_found");
    }
    if customer.organization_id.is_none()
        && let Some(name) = &c.organization_name
    {
        let id = directory_edit::organization_named_or_new(ex, actor, name).await?;
        customer.organization_id = Some(id);
    }
    if let Some(id) = customer.contact_id {
        match directory::contact(ex, actor.account_id, id).await? {
            None => p.add("contact_id", "not_found"),
            Some(contact) => match (customer.organization_id, contact.organization_id) {
                (None, theirs) => customer.organization_id = theirs,
                (Some(ours), Some(theirs)) if ours != theirs => {
                    p.add("contact_id", "other_organization");
                }
                (Some(_), None) => p.add("contact_id", "other_organization"),
                _ => {}
            },
        }
    }
    p.finish()
}

/// Creates the deal `input` describes, owned by the caller unless another
/// owner is chosen (which needs `crm.deals.edit_all`); a role that edits no
/// deals creates none. Returns its id.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn create(
    db: &Db,
    live: &Live,
    actor: &Actor,
    input: &DealInput,
) -> Result<i64, AppError> {
    actor.must_add_records()?;
    let mut c = check(actor, input, None)?;
    let tz = actor.clock.tz;
    let now = actor.clock.now;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    resolve_customer(&mut ex, actor, &mut c).await?;
    let deal = NewDeal {
        title: c.title,
        value_minor: c.value_minor,
        currency: Some(c.currency),
        stage_id: c.stage_id,
        owner_id: c.owner_id,
        created_at: now,
        won_at: None,
        lost_at: None,
        lost_reason_id: None,
    };
    // Stage and owner of another account, or an inactive owner, are named
    // field errors from here; nothing is written then.
    let id = deals::create(&mut ex, actor.account_id, tz, actor.user_id, &deal, now).await?;
    if let Some(date) = &c.expected_close_date {
        deals::set_expected_close(&mut ex, actor.account_id, id, date).await?;
    }
    if c.customer != DealCustomer::default() {
        deals::set_customer(&mut ex, actor.account_id, id, &c.customer).await?;
    }
    let source = Source::user(actor.user_id);
    deals::announce(
        &mut ex,
        actor.account_id,
        source,
        id,
        "deal.created",
        None,
        now,
    )
    .await?;
    let pipeline_id = deals::stage_pipeline(&mut ex, actor.account_id, c.stage_id).await?;
    tx.commit().await?;
    live.publish(db, actor.account_id, pipeline_id).await;
    Ok(id)
}

/// The owner of a deal the caller may edit: one they may not see is not
/// found, one they see but may not change is forbidden.
async fn editable_owner(ex: &mut Ex<'_>, actor: &Actor, deal_id: i64) -> Result<i64, AppError> {
    let owner = deals::owner_of(ex, actor.account_id, deal_id).await?;
    if !actor.may_see_deal(owner) {
        return Err(AppError::NotFound);
    }
    if !actor.may_edit_deal(owner) {
        return Err(AppError::Forbidden);
    }
    Ok(owner)
}

/// Applies the edit form to a deal the caller saw at `version` and may
/// edit; returns the new version (409 when someone changed it meanwhile).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn update(
    db: &Db,
    live: &Live,
    actor: &Actor,
    deal_id: i64,
    version: i64,
    input: &DealInput,
) -> Result<i64, AppError> {
    let tz = actor.clock.tz;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    let owner = editable_owner(&mut ex, actor, deal_id).await?;
    let mut c = check(actor, input, Some(owner))?;
    resolve_customer(&mut ex, actor, &mut c).await?;
    let edit = DealEdit {
        title: c.title,
        value_minor: c.value_minor,
        currency: c.currency,
        stage_id: c.stage_id,
        owner_id: c.owner_id,
        expected_close_date: c.expected_close_date,
        customer: c.customer,
    };
    let now = actor.clock.now;
    let id = actor.account_id;
    let new_version = deals::update(
        &mut ex,
        id,
        tz,
        actor.user_id,
        deal_id,
        version,
        &DealChange::Edit(edit),
        now,
    )
    .await?;
    let pipeline_id = deals::stage_pipeline(&mut ex, actor.account_id, c.stage_id).await?;
    tx.commit().await?;
    if new_version != version {
        live.publish(db, actor.account_id, pipeline_id).await;
    }
    Ok(new_version)
}

/// Deletes a deal the caller saw at `version` and may edit (its history,
/// comments and draft quotes go with it; the dashboard forgets it). A deal
/// that has sent a quote or issued a nota de venta is kept (`deal`
/// `has_quotes`): those are papers its customer holds.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn remove(
    db: &Db,
    live: &Live,
    actor: &Actor,
    deal_id: i64,
    version: i64,
) -> Result<(), AppError> {
    let tz = actor.clock.tz;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    editable_owner(&mut ex, actor, deal_id).await?;
    // No quote is sent nor note issued between the check and the delete.
    deals::lock(&mut ex, actor.account_id, deal_id).await?;
    let pipeline_id = deals::pipeline_of(&mut ex, actor.account_id, deal_id).await?;
    if crate::ssr::quotes::db::sent_count(&mut ex, actor.account_id, deal_id).await? > 0
        || crate::ssr::sale_notes::db::count_of_deal(&mut ex, actor.account_id, deal_id).await? > 0
    {
        return Err(AppError::field("deal", "has_quotes"));
    }
    let (account, user, now) = (actor.account_id, actor.user_id, actor.clock.now);
    deals::delete(&mut ex, account, tz, user, deal_id, version, now).await?;
    tx.commit().await?;
    live.publish(db, actor.account_id, pipeline_id).await;
    Ok(())
}

/// The edit form of a deal for a caller who may edit it: its values as
/// typed text and the stages and owners it offers.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn form(
    ex: &mut Ex<'_>,
    actor: &Actor,
    values: &DealRecord,
) -> Result<DealForm, AppError> {
    let stages = pipelines::get(ex, actor.account_id, values.pipeline_id)
        .await?
        .map(|p| p.stages.into_iter().map(|s| (s.id, s.name)).collect())
        .unwrap_or_default();
    let owners = if actor.can(Permission::DealsEditAll) {
        users::active_names(ex, actor.account_id).await?
    } else {
        vec![]
    };
    let contacts = match values.organization_id {
        Some(id) => directory::organization_contacts(ex, actor.account_id, id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        None => vec![],
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let id = |v: Option<i64>| v.map(|id| id.to_string()).unwrap_or_default();
    Ok(DealForm {
        input: DealInput {
            title: values.title.clone(),
            value: major(values.value_minor, &values.currency).to_string(),
            currency: values.currency.clone(),
            // The account's own currency has no rate to type.
            exchange_rate: if values.currency == actor.row.currency {
                String::new()
            } else {
                values.exchange_rate.clone()
            },
            stage_id: values.stage_id.to_string(),
            owner_id: values.owner_id.to_string(),
            expected_close_date: values.expected_close_date.clone().unwrap_or_default(),
            organization_id: id(values.organization_id),
            organization: text(&values.organization),
            contact_id: id(values.contact_id),
            description: text(&values.description),
            priority: text(&values.priority),
            source: text(&values.source),
        },
        stages,
        owners,
        contacts,
        account_currency: actor.row.currency.clone(),
    })
}

/// Refuses a deal the actor may not change (another account's is missing).
async fn check_edit(ex: &mut Ex<'_>, actor: &Actor, deal_id: i64) -> Result<(), AppError> {
    let owner = deals::owner_of(ex, actor.account_id, deal_id).await?;
    if !actor.may_edit_deal(owner) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// Adds a comment (1 to 5,000 characters) to a deal the caller may edit.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn comment(db: &Db, actor: &Actor, deal_id: i64, body: &str) -> Result<(), AppError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_COMMENT {
        return Err(AppError::field("body", "length"));
    }
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    check_edit(&mut ex, actor, deal_id).await?;
    q::add_comment(
        &mut ex,
        actor.account_id,
        deal_id,
        actor.user_id,
        body,
        actor.clock.now,
    )
    .await?;
    tx.commit().await
}

/// Reopens a won or lost deal the caller saw at `version`.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn reopen(
    db: &Db,
    live: &Live,
    actor: &Actor,
    deal_id: i64,
    version: i64,
) -> Result<i64, AppError> {
    let tz = actor.clock.tz;
    let mut tx = db.begin().await?;
    let mut ex = tx.ex();
    check_edit(&mut ex, actor, deal_id).await?;
    let version = deals::update(
        &mut ex,
        actor.account_id,
        tz,
        actor.user_id,
        deal_id,
        version,
        &DealChange::Reopen,
        actor.clock.now,
    )
    .await?;
    let pipeline_id = deals::pipeline_of(&mut ex, actor.account_id, deal_id).await?;
    tx.commit().await?;
    // Back on its board.
    live.publish(db, actor.account_id, pipeline_id).await;
    Ok(version)
}
