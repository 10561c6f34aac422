//! The `/clientes` and `/contactos` pages: the account's organizations and
//! contacts, filtered through the query string, and one of them with its
//! deals (an organization also with its contacts). Every value of the query
//! string is checked and a wrong one is named. Anyone of the account with
//! the CRM sees the directory; a seller sees only their own deals on these
//! pages.
use crate::domain::directory::{
    ContactPage, DIRECTORY_PAGE, DirectoryList, DirectoryQuery, LIFECYCLES, ListPages,
    OrganizationPage, RelatedDeal, SavedFilter,
};
use crate::domain::directory_input::TAG_MAX;
use crate::domain::search::MAX_QUERY;
use crate::error::AppError;
use crate::ssr::activities::page::of_record;
use crate::ssr::auth::guard::Actor;
use crate::ssr::bitacora::record_changes as history;
use crate::ssr::db::Db;
use crate::ssr::db::Ex;
use crate::ssr::directory::db::tags::{self, Tagged};
use crate::ssr::directory::db::{
    self as directory, DealBriefRow, DealsOf, DirectoryFilter, Listed, ListedRow,
};
use crate::ssr::query::{self, NameCursor};
use crate::ssr::users::db as users;
use crate::ssr::users::{record_rights, rights_among};

/// Records a directory list counts (a search: fewer, see [`SEARCH_COUNT_CAP`]).
const COUNT_CAP: i64 = 1_000;
const SEARCH_COUNT_CAP: i64 = 100;

/// A list's checked query: search words, lifecycle, owner, tag, cursor.
struct Checked {
    words: Option<Vec<String>>,
    /// Text was typed but no word of three characters or more.
    short_search: bool,
    lifecycle: String,
    owner: Option<i64>,
    tag: String,
    cursor: Option<NameCursor>,
}

impl Checked {
    fn from(query: &DirectoryQuery) -> Result<Checked, AppError> {
        let typed = query::bounded(query::trimmed(&query.q), "q", MAX_QUERY)?;
        let words = crate::domain::search::words(typed);
        let lifecycle = query::trimmed(&query.lifecycle).to_string();
        if !lifecycle.is_empty() && !LIFECYCLES.contains(&lifecycle.as_str()) {
            return Err(AppError::field("lifecycle", "invalid"));
        }
        let owner = query::owner(&query.owner)?;
        let tag = query::bounded(query::trimmed(&query.tag), "tag", TAG_MAX)?;
        let tag = query::plain(tag, "tag")?.to_string();
        let cursor = query::name_cursor(&query.after, &query.before)?;
        Ok(Checked {
            short_search: !typed.is_empty() && words.is_none(),
            words,
            lifecycle,
            owner,
            tag,
            cursor,
        })
    }

    fn filter(&self, account_id: i64) -> DirectoryFilter<'_> {
        DirectoryFilter {
            account_id,
            words: self.words.as_deref(),
            lifecycle: (!self.lifecycle.is_empty()).then_some(self.lifecycle.as_str()),
            owner_id: self.owner,
            tag: (!self.tag.is_empty()).then_some(self.tag.as_str()),
        }
    }

    /// The rows of a page of `listed` (each row's id and name) and the pager
    /// around them.
    async fn pages(
        &self,
        ex: &mut Ex<'_>,
        listed: Listed,
        account_id: i64,
        rows: &[(i64, &str)],
        more: bool,
    ) -> Result<ListPages, AppError> {
        let cap = if self.words.is_some() {
            SEARCH_COUNT_CAP
        } else {
            COUNT_CAP
        };
        let total = directory::count(ex, listed, &self.filter(account_id), cap).await?;
        let searching = self.words.is_some();
        let (previous, next) = query::name_pager(self.cursor.as_ref(), searching, rows, more);
        Ok(ListPages {
            total: total.min(cap),
            more_than: total > cap,
            previous,
            next,
            short_search: false,
        })
    }
}

/// Each record's tags, from (record, tag) pairs.
fn tags_of(pairs: &[(i64, String)], id: i64) -> Vec<String> {
    pairs
        .iter()
        .filter(|(record, _)| *record == id)
        .map(|(_, name)| name.clone())
        .collect()
}

/// Checks a query string of a list page as its page would read it;
/// answers it as stored.
pub fn checked_query(query: &str) -> Result<String, AppError> {
    let query = query.trim().trim_start_matches('?');
    if query.chars().count() > 500 {
        return Err(AppError::field("query", "too_long"));
    }
    let mut q = DirectoryQuery::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = urlencoding_decode(value).ok_or_else(|| AppError::field("query", "invalid"))?;
        let slot = match key {
            "q" => &mut q.q,
            "lifecycle" => &mut q.lifecycle,
            "owner" => &mut q.owner,
            "tag" => &mut q.tag,
            _ => return Err(AppError::field("query", "invalid")),
        };
        *slot = Some(value);
    }
    Checked::from(&q)?;
    Ok(query.to_string())
}

/// A query-string value, `+` and `%XX` decoded (none: not UTF-8 or a
/// broken escape).
fn urlencoding_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The viewer's saved filters of a page, and the account's tags.
async fn filter_choices(
    ex: &mut Ex<'_>,
    actor: &Actor,
    page: &str,
) -> Result<(Vec<String>, Vec<SavedFilter>), AppError> {
    let names = tags::names(ex, actor.account_id).await?;
    let saved = tags::saved_filters(ex, actor.user_id, page)
        .await?
        .into_iter()
        .map(|f| SavedFilter {
            id: f.id,
            href: format!("/{page}?{}", f.query),
            name: f.name,
        })
        .collect();
    Ok((names, saved))
}

fn related(rows: Vec<DealBriefRow>, actor: &Actor) -> Vec<RelatedDeal> {
    rows.into_iter()
        .map(|d| RelatedDeal {
            value: actor.formats().money(d.value_minor, &d.currency),
            key: d.key,
            title: d.title,
            status: d.status,
            stage: d.stage,
        })
        .collect()
}

/// One page of organizations or contacts as `query` asks (the search looks
/// in the name and the tax id of an organization, the name and email of a
/// contact).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn list<R: ListedRow>(
    db: &Db,
    actor: &Actor,
    query: &DirectoryQuery,
) -> Result<DirectoryList<R>, AppError> {
    let checked = Checked::from(query)?;
    let mut conn = db.read().await?;
    let (mut rows, pages) = if checked.short_search {
        (
            vec![],
            ListPages {
                short_search: true,
                ..ListPages::default()
            },
        )
    } else {
        let filter = checked.filter(actor.account_id);
        let (rows, more) = directory::list_page::<R>(
            &mut conn.ex(),
            &filter,
            checked.cursor.as_ref(),
            DIRECTORY_PAGE,
        )
        .await?;
        let keys: Vec<(i64, &str)> = rows.iter().map(|r| (r.id(), r.name())).collect();
        let pages = checked
            .pages(&mut conn.ex(), R::LISTED, actor.account_id, &keys, more)
            .await?;
        (rows, pages)
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id()).collect();
    let pairs = tags::of_records(&mut conn.ex(), R::LISTED.tagged(), &ids).await?;
    for r in &mut rows {
        r.set_tags(tags_of(&pairs, r.id()));
    }
    let owners = users::active_names(&mut conn.ex(), actor.account_id).await?;
    let page = match R::LISTED {
        Listed::Organizations => "clientes",
        Listed::Contacts => "contactos",
    };
    let (tags, saved) = filter_choices(&mut conn.ex(), actor, page).await?;
    Ok(DirectoryList {
        tags,
        saved,
        rows,
        pages,
        rights: rights_among(actor, actor.may_add_records(), &owners),
        owners,
    })
}

/// The organization with `id` (another account's: not found).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn organization_page(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<OrganizationPage, AppError> {
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
    let contacts = directory::organization_contacts(&mut ex, actor.account_id, id).await?;
    let deals = directory::related_deals(
        &mut ex,
        actor.account_id,
        DealsOf::Organization(id),
        actor.own_deals_only(),
    )
    .await?;
    Ok(OrganizationPage {
        id: o.id,
        name: o.name,
        tax_id: o.tax_id,
        phone: o.phone,
        email: o.email,
        address: o.address,
        lifecycle: o.lifecycle,
        owner,
        fiscal: o.fiscal,
        tags: tags_of(
            &tags::of_records(&mut ex, Tagged::Organization, &[id]).await?,
            id,
        ),
        contacts,
        deals: related(deals, actor),
        activities: of_record(&mut ex, actor, Some(id), None).await?,
        history: history(&mut ex, actor, "organization", id).await?,
        rights: record_rights(&mut ex, actor, actor.may_change(o.owner_id)).await?,
        owner_id: o.owner_id,
    })
}

/// The contact with `id` with its deals (another account's: not found).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn contact_page(db: &Db, actor: &Actor, id: i64) -> Result<ContactPage, AppError> {
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let mut contact = directory::contact_row(&mut ex, actor.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    contact.tags = tags_of(
        &tags::of_records(&mut ex, Tagged::Contact, &[id]).await?,
        id,
    );
    let deals = directory::related_deals(
        &mut ex,
        actor.account_id,
        DealsOf::Contact(id),
        actor.own_deals_only(),
    )
    .await?;
    let owner_id = directory::contact(&mut ex, actor.account_id, id)
        .await?
        .and_then(|c| c.owner_id);
    Ok(ContactPage {
        contact,
        owner_id,
        deals: related(deals, actor),
        activities: of_record(&mut ex, actor, None, Some(id)).await?,
        history: history(&mut ex, actor, "contact", id).await?,
        rights: record_rights(&mut ex, actor, actor.may_change(owner_id)).await?,
    })
}

/// Organizations a search as you type offers.
const SUGGESTED: i64 = 8;

/// The names of up to [`SUGGESTED`] organizations of the account with
/// every word of `q` in their name or RFC (none for text without a word of
/// three characters or more).
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn suggest_organizations(
    db: &Db,
    actor: &Actor,
    q: &str,
) -> Result<Vec<String>, AppError> {
    let typed = query::plain(query::bounded(q.trim(), "q", MAX_QUERY)?, "q")?;
    let Some(words) = crate::domain::search::words(typed) else {
        return Ok(vec![]);
    };
    let mut conn = db.read().await?;
    let rows =
        directory::organizations(&mut conn.ex(), actor.account_id, Some(&words), 0, SUGGESTED)
            .await?;
    Ok(rows.into_iter().map(|o| o.name).collect())
}

/// The contacts of the account's organization named `name` (any case),
/// by name; none when there is no such organization.
#[tracing::instrument(skip_all, fields(account = actor.account_id, user = actor.user_id))]
pub async fn contacts_of_named(
    db: &Db,
    actor: &Actor,
    name: &str,
) -> Result<Vec<(i64, String)>, AppError> {
    let name = query::plain(query::bounded(name.trim(), "name", 200)?, "name")?;
    if name.is_empty() {
        return Ok(vec![]);
    }
    let mut conn = db.read().await?;
    let mut ex = conn.ex();
    let Some(id) = directory::organization_named(&mut ex, actor.account_id, name).await? else {
        return Ok(vec![]);
    };
    let contacts = directory::organization_contacts(&mut ex, actor.account_id, id).await?;
    Ok(contacts.into_iter().map(|c| (c.id, c.name)).collect())
}
