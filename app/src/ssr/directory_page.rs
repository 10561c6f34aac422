//! The `/clientes` pages: the account's organizations, filtered through the
//! query string, and one organization with its contacts and deals. Every
//! value of the query string is checked and a wrong one is named. Anyone of
//! the account with the CRM sees the directory; a seller sees only their
//! own deals on an organization's page.
use crate::domain::directory::{
    LIFECYCLES, ORGANIZATION_PAGE, OrganizationContact, OrganizationDeal, OrganizationList,
    OrganizationListRow, OrganizationPage, OrganizationQuery,
};
use crate::domain::money::format_deal_value;
use crate::error::AppError;
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::board::like_pattern;
use crate::ssr::db::directory::{self, OrganizationFilter};
use crate::ssr::db::{Db, users};

/// One page of organizations as `query` asks.
pub async fn list(
    db: &Db,
    actor: &Actor,
    query: &OrganizationQuery,
) -> Result<OrganizationList, AppError> {
    let trimmed = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    let search = trimmed(&query.q).to_lowercase();
    if search.chars().count() > 100 {
        return Err(AppError::field("q", "too_long"));
    }
    let lifecycle = trimmed(&query.lifecycle);
    if !lifecycle.is_empty() && !LIFECYCLES.contains(&lifecycle.as_str()) {
        return Err(AppError::field("lifecycle", "invalid"));
    }
    let owner = match trimmed(&query.owner).as_str() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::field("owner", "invalid"))?,
        ),
    };
    let page = match trimmed(&query.page).as_str() {
        "" => 1,
        text => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or_else(|| AppError::field("page", "invalid"))?,
    };
    let pattern = (!search.is_empty()).then(|| like_pattern(&search));
    let filter = OrganizationFilter {
        account_id: actor.account_id,
        pattern: pattern.as_deref(),
        lifecycle: (!lifecycle.is_empty()).then_some(lifecycle.as_str()),
        owner_id: owner,
    };
    let mut conn = db.read().await?;
    let (rows, total) = directory::organization_list(
        &mut conn.ex(),
        &filter,
        (page - 1) * ORGANIZATION_PAGE,
        ORGANIZATION_PAGE,
    )
    .await?;
    let owners = users::active_names(&mut conn.ex(), actor.account_id).await?;
    Ok(OrganizationList {
        rows: rows
            .into_iter()
            .map(|r| OrganizationListRow {
                id: r.id,
                name: r.name,
                tax_id: r.tax_id,
                phone: r.phone,
                email: r.email,
                lifecycle: r.lifecycle,
                owner: r.owner,
                open_deals: r.open_deals,
            })
            .collect(),
        total,
        page,
        pages: (total + ORGANIZATION_PAGE - 1) / ORGANIZATION_PAGE,
        owners,
    })
}

/// The organization with `id` (another account's: not found).
pub async fn page(db: &Db, actor: &Actor, id: i64) -> Result<OrganizationPage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let o = directory::organization(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = match o.owner_id {
        Some(owner) => users::list(&mut ex, actor.account_id)
            .await?
            .into_iter()
            .find(|u| u.id == owner)
            .map(|u| u.name),
        None => None,
    };
    let contacts = directory::organization_contacts(&mut ex, actor.account_id, id)
        .await?
        .into_iter()
        .map(|(name, job_title, email, phone)| OrganizationContact {
            name,
            job_title,
            email,
            phone,
        })
        .collect();
    let deals =
        directory::organization_deals(&mut ex, actor.account_id, id, actor.own_deals_only())
            .await?
            .into_iter()
            .map(|d| OrganizationDeal {
                value: format_deal_value(d.value_minor, &d.currency, &actor.row.currency),
                key: d.key,
                title: d.title,
                status: d.status,
                stage: d.stage,
            })
            .collect();
    Ok(OrganizationPage {
        id: o.id,
        name: o.name,
        tax_id: o.tax_id,
        phone: o.phone,
        email: o.email,
        address: o.address,
        lifecycle: o.lifecycle,
        owner,
        contacts,
        deals,
    })
}
