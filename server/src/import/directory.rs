//! Organization and contact imports: the columns of their exports, every
//! field checked as the forms check it (name, email, phone, the tax id of
//! its country and the fiscal data, lifecycle, owner by email). An organization's name, or a contact's
//! email, already in the account (or twice in the file) is a bad row; a
//! contact's organization is created when missing.
use super::read::Table;
use super::{OnProgress, Problems, checking, fold};
use app::domain::directory_input::{ContactInput, OrganizationInput};
use app::domain::import::{ImportPhase, ImportProgress, ImportReport};
use app::domain::validate;
use app::error::{AppError, Problems as FieldProblems};
use app::ssr::db::Db;
use app::ssr::db::dialect;
use app::ssr::directory::db::bulk::{self as directory_rows, BulkContact, BulkOrganization};
use std::collections::{HashMap, HashSet};

/// Organization columns, in export order.
pub const ORGANIZATION_COLUMNS: [&str; 12] = [
    "name",
    "tax_id",
    "phone",
    "email",
    "address",
    "lifecycle",
    "owner_email",
    "legal_name",
    "tax_country",
    "tax_system",
    "tax_zip",
    "cfdi_use",
];

/// A row's cells by column name, `columns` naming the table's (every name
/// asked for is one).
fn cells<'r>(
    t: &'r Table,
    row: &'r csv::StringRecord,
    columns: &'r [&str],
) -> impl Fn(&str) -> &'r str + 'r {
    move |name| t.cell(row, columns.iter().position(|c| *c == name).unwrap_or(0))
}

/// Contact columns, in export order.
pub const CONTACT_COLUMNS: [&str; 7] = [
    "name",
    "organization",
    "job_title",
    "email",
    "phone",
    "lifecycle",
    "owner_email",
];

/// The account's people and names, as rows are checked against them.
struct Context {
    now: i64,
    default_owner: i64,
    /// Active users by email; deactivated ones own nothing new.
    users: HashMap<String, i64>,
    inactive: HashSet<String>,
    organizations: HashMap<String, i64>,
    contacts: HashSet<String>,
}

impl Context {
    async fn load(db: &Db, account_id: i64, default_owner: i64) -> Result<Context, AppError> {
        let mut conn = db.read().await?;
        let mut ex = conn.ex();
        let mut ctx = Context {
            now: app::ssr::clock::now_ms(),
            default_owner,
            users: HashMap::new(),
            inactive: HashSet::new(),
            organizations: HashMap::new(),
            contacts: HashSet::new(),
        };
        (ctx.users, ctx.inactive) = super::users_by_email(&mut ex, account_id).await?;
        for (id, name) in directory_rows::organization_names(&mut ex, account_id).await? {
            ctx.organizations.entry(fold(&name)).or_insert(id);
        }
        for (_, email) in directory_rows::contact_emails(&mut ex, account_id).await? {
            ctx.contacts.insert(validate::normalize_email(&email));
        }
        Ok(ctx)
    }

    /// The owner a row's `owner_email` names (empty: the importer), or
    /// why not.
    fn owner(&self, email: &str) -> Result<i64, &'static str> {
        if email.is_empty() {
            return Ok(self.default_owner);
        }
        let email = validate::normalize_email(email);
        match self.users.get(&email) {
            Some(id) => Ok(*id),
            None if self.inactive.contains(&email) => Err("inactive"),
            None => Err("unknown"),
        }
    }
}

/// A lifecycle as a file may write it: any case and accents, a space
/// for the underscore (`Cliente potencial`).
fn lifecycle_word(cell: &str) -> String {
    fold(cell).replace(' ', "_")
}

/// How an import names a field's problem: the form's code, except that
/// an email, phone or RFC that is not one (too long included) is
/// `malformed` and a word it does not know `unknown`.
fn import_code<'a>(field: &str, code: &'a str) -> &'a str {
    match (field, code) {
        (_, "invalid_email" | "invalid_phone" | "invalid_rfc" | "invalid_tax_id") => "malformed",
        ("email" | "phone" | "tax_id", "too_long") => "malformed",
        (_, "invalid") => "unknown",
        (_, other) => other,
    }
}

/// A row's field problems as the import's, each shown with its cell;
/// whether the row had none.
fn take<'a>(
    problems: &mut Problems,
    line: u64,
    found: FieldProblems,
    cell: impl Fn(&str) -> &'a str,
) -> bool {
    for p in found.list() {
        let value = cell(&p.field);
        let shown = (!value.is_empty()).then(|| value.chars().take(100).collect());
        problems.add(line, Some(&p.field), import_code(&p.field, &p.code), shown);
    }
    found.list().is_empty()
}

fn report(dry_run: bool, rows: usize, ignored: Vec<String>) -> ImportReport {
    ImportReport {
        dry_run,
        rows,
        ignored_columns: ignored,
        ..ImportReport::default()
    }
}

/// Imports organizations; owners default to `user_id`.
pub async fn organizations(
    db: &Db,
    account_id: i64,
    user_id: i64,
    csv: &[u8],
    dry_run: bool,
    progress: OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let mut problems = Problems::default();
    let t = Table::read(csv, &ORGANIZATION_COLUMNS, &["name"], &mut problems)?;
    let ctx = Context::load(db, account_id, user_id).await?;
    let total = t.rows.len();
    let mut seen = HashSet::new();
    let mut new = vec![];
    for (i, (line, row)) in t.rows.iter().enumerate() {
        checking(progress, i, total);
        let cell = cells(&t, row, &ORGANIZATION_COLUMNS);
        let input = OrganizationInput {
            name: Some(cell("name").into()),
            tax_id: Some(cell("tax_id").into()),
            phone: Some(cell("phone").into()),
            email: Some(cell("email").into()),
            address: Some(cell("address").into()),
            lifecycle: Some(lifecycle_word(cell("lifecycle"))),
            legal_name: Some(cell("legal_name").into()),
            tax_country: Some(cell("tax_country").into()),
            tax_system: Some(cell("tax_system").into()),
            tax_zip: Some(cell("tax_zip").into()),
            cfdi_use: Some(cell("cfdi_use").into()),
            ..OrganizationInput::default()
        };
        let mut found = FieldProblems::default();
        let fields = input.check(&mut found);
        let owner = ctx.owner(cell("owner_email"));
        if let Err(code) = owner {
            found.add("owner_email", code);
        }
        let name = fold(&fields.name);
        if !found.failed("name") {
            if ctx.organizations.contains_key(&name) {
                found.add("name", "taken");
            } else if !seen.insert(name) {
                found.add("name", "duplicate");
            }
        }
        let clean = take(&mut problems, *line, found, &cell);
        if clean && let Ok(owner_id) = owner {
            new.push((fields, owner_id));
        }
    }
    problems.check()?;
    let mut out = report(dry_run, total, t.ignored);
    out.organizations_created = new.len();
    if dry_run {
        return Ok(out);
    }
    let mut tx = db.begin().await?;
    let ids = dialect::reserve_ids(&mut tx.ex(), "organizations", new.len()).await?;
    let rows: Vec<BulkOrganization> = new
        .into_iter()
        .zip(ids)
        .map(|((f, owner_id), id)| BulkOrganization {
            id,
            account_id,
            name: f.name,
            tax_id: f.tax_id,
            phone: f.phone,
            email: f.email,
            address: f.address,
            lifecycle: f.lifecycle,
            owner_id,
            created_at: ctx.now,
            fiscal: f.fiscal,
        })
        .collect();
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: 0,
        total,
    });
    directory_rows::insert_organizations(&mut tx.ex(), &rows).await?;
    tx.commit().await?;
    Ok(out)
}

/// Imports contacts; owners default to `user_id`, organizations are found
/// by name or created.
pub async fn contacts(
    db: &Db,
    account_id: i64,
    user_id: i64,
    csv: &[u8],
    dry_run: bool,
    progress: OnProgress<'_>,
) -> Result<ImportReport, AppError> {
    let mut problems = Problems::default();
    let t = Table::read(csv, &CONTACT_COLUMNS, &["name"], &mut problems)?;
    let ctx = Context::load(db, account_id, user_id).await?;
    let total = t.rows.len();
    let mut seen = HashSet::new();
    let mut new = vec![];
    // New organizations: folded name → (index, name, owner).
    let mut new_orgs: HashMap<String, (usize, String, i64)> = HashMap::new();
    for (i, (line, row)) in t.rows.iter().enumerate() {
        checking(progress, i, total);
        let cell = cells(&t, row, &CONTACT_COLUMNS);
        let input = ContactInput {
            organization: Some(cell("organization").into()),
            name: Some(cell("name").into()),
            job_title: Some(cell("job_title").into()),
            email: Some(cell("email").into()),
            phone: Some(cell("phone").into()),
            lifecycle: Some(lifecycle_word(cell("lifecycle"))),
            ..ContactInput::default()
        };
        let mut found = FieldProblems::default();
        let fields = input.check(&mut found);
        let owner = ctx.owner(cell("owner_email"));
        if let Err(code) = owner {
            found.add("owner_email", code);
        }
        if let Some(email) = fields.email.clone().filter(|_| !found.failed("email")) {
            if ctx.contacts.contains(&email) {
                found.add("email", "taken");
            } else if !seen.insert(email) {
                found.add("email", "duplicate");
            }
        }
        let clean = take(&mut problems, *line, found, &cell);
        let (true, Ok(owner_id)) = (clean, owner) else {
            continue;
        };
        // Its organization by name, created when the account has none.
        let organization =
            fields
                .organization
                .as_deref()
                .map(|name| match ctx.organizations.get(&fold(name)) {
                    Some(id) => Ok(*id),
                    None => {
                        let n = new_orgs.len();
                        let entry =
                            new_orgs
                                .entry(fold(name))
                                .or_insert((n, name.to_string(), owner_id));
                        Err(entry.0)
                    }
                });
        new.push((fields, owner_id, organization));
    }
    problems.check()?;
    let mut out = report(dry_run, total, t.ignored);
    out.contacts_created = new.len();
    out.organizations_created = new_orgs.len();
    if dry_run {
        return Ok(out);
    }
    let mut tx = db.begin().await?;
    let org_ids = dialect::reserve_ids(&mut tx.ex(), "organizations", new_orgs.len()).await?;
    let mut orgs: Vec<(usize, String, i64)> = new_orgs.into_values().collect();
    orgs.sort_by_key(|o| o.0);
    let orgs: Vec<BulkOrganization> = orgs
        .into_iter()
        .map(|(i, name, owner_id)| {
            BulkOrganization::named(org_ids[i], account_id, name, owner_id, ctx.now)
        })
        .collect();
    directory_rows::insert_organizations(&mut tx.ex(), &orgs).await?;
    let ids = dialect::reserve_ids(&mut tx.ex(), "contacts", new.len()).await?;
    let rows: Vec<BulkContact> = new
        .into_iter()
        .zip(ids)
        .map(|((f, owner_id, organization), id)| BulkContact {
            id,
            account_id,
            organization_id: organization.map(|o| o.unwrap_or_else(|i| org_ids[i])),
            name: f.name,
            job_title: f.job_title,
            email: f.email,
            phone: f.phone,
            lifecycle: f.lifecycle,
            owner_id,
            created_at: ctx.now,
        })
        .collect();
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: 0,
        total,
    });
    directory_rows::insert_contacts(&mut tx.ex(), &rows).await?;
    tx.commit().await?;
    Ok(out)
}
