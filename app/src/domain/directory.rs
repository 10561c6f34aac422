//! Organizations (clientes) and contacts as the `/clientes` and
//! `/contactos` pages show them.
use crate::domain::activities::ActivityListRow;
use crate::domain::records::Rights;
use serde::{Deserialize, Serialize};

/// Lifecycle stages of an organization or contact, in order.
pub const LIFECYCLES: [&str; 3] = ["prospecto", "cliente_potencial", "cliente"];

/// Organizations or contacts listed per page.
pub const DIRECTORY_PAGE: i64 = 50;

/// The query string of `/clientes` and `/contactos`
/// (`?q=&lifecycle=&owner=&tag=`, `after=`/`before=` from the pager), as typed: the server checks every
/// value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    pub q: Option<String>,
    pub lifecycle: Option<String>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    /// `<id>.<name>` from the pager (`<id>.` while searching).
    pub after: Option<String>,
    pub before: Option<String>,
}

/// A filter of a list page its user saved: its name and where it leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub id: i64,
    pub name: String,
    pub href: String,
}

/// One organization of the list (read straight from the database).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrganizationListRow {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub lifecycle: String,
    pub owner: Option<String>,
    pub open_deals: i64,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub tags: Vec<String>,
}

/// How many a directory list matches and where its neighbouring pages start.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListPages {
    /// Counted up to a cap; `more_than` when there are more.
    pub total: i64,
    pub more_than: bool,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The text search had no word of three characters or more.
    pub short_search: bool,
}

/// A page of a directory list (organizations or contacts), with what its
/// filters offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DirectoryList<R> {
    pub rows: Vec<R>,
    pub pages: ListPages,
    /// The account's users: (id, name).
    pub owners: Vec<(i64, String)>,
    /// May the viewer add records of the list, and give them to whom.
    pub rights: Rights,
    /// The account's tags (the filter's choices).
    pub tags: Vec<String>,
    /// The viewer's saved filters of this page.
    pub saved: Vec<SavedFilter>,
}

/// A page of the organizations.
pub type OrganizationList = DirectoryList<OrganizationListRow>;

/// A page of the contacts.
pub type ContactList = DirectoryList<ContactListRow>;

/// A row of a directory list: what paging and tagging need of it.
pub trait DirectoryRow {
    fn id(&self) -> i64;
    fn name(&self) -> &str;
    fn set_tags(&mut self, tags: Vec<String>);
}

macro_rules! directory_rows {
    ($($row:ty),*) => {$(
        impl DirectoryRow for $row {
            fn id(&self) -> i64 {
                self.id
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn set_tags(&mut self, tags: Vec<String>) {
                self.tags = tags;
            }
        }
    )*};
}

directory_rows!(OrganizationListRow, ContactListRow);

/// A deal of an organization or contact, as their pages list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelatedDeal {
    pub key: String,
    pub title: String,
    /// es-MX money in the deal's currency.
    pub value: String,
    pub status: crate::domain::deal_status::DealStatus,
    pub stage: String,
}

/// A contact of an organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrganizationContact {
    pub id: i64,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// `/clientes/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationPage {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub fiscal: crate::domain::fiscal::Fiscal,
    pub contacts: Vec<OrganizationContact>,
    /// The deals the viewer may see, newest first.
    pub deals: Vec<RelatedDeal>,
    /// Its pending activities the viewer may see, soonest first.
    pub activities: Vec<ActivityListRow>,
    /// What was done to it, newest first.
    pub history: Vec<RecordChange>,
    /// May the viewer change it, and give it to whom.
    pub rights: Rights,
}

/// One contact of the list (read straight from the database).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ContactListRow {
    pub id: i64,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub lifecycle: String,
    pub owner: Option<String>,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub tags: Vec<String>,
}

/// `/contactos/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactPage {
    pub contact: ContactListRow,
    pub owner_id: Option<i64>,
    /// The deals the viewer may see, newest first.
    pub deals: Vec<RelatedDeal>,
    /// Its pending activities the viewer may see, soonest first.
    pub activities: Vec<ActivityListRow>,
    /// What was done to it, newest first.
    pub history: Vec<RecordChange>,
    /// May the viewer change it, and give it to whom.
    pub rights: Rights,
}

/// A change to an organization or contact, as its page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordChange {
    /// Local date and time in the account's time zone.
    pub at: String,
    pub actor: Option<String>,
    /// `created`, `updated`, …
    pub action: String,
    pub detail: String,
    /// The fields an edit changed (their form names).
    pub fields: Vec<String>,
}
