//! Organization and contact imports: the columns of their exports, every
//! field checked as the forms check it (name, email, phone, Mexican RFC,
//! lifecycle, owner by email). An organization's name, or a contact's
//! email, already in the account (or twice in the file) is a bad row; a
//! contact's organization is created when missing.
use super::read::Table;
use super::{OnProgress, Problems, checking, fold};
use app::domain::import::{ImportPhase, ImportProgress, ImportReport};
use app::domain::validate;
use app::error::AppError;
use app::ssr::db::Db;
use app::ssr::db::dialect;
use app::ssr::directory::db::bulk::{self as directory_rows, BulkContact, BulkOrganization};
use std::collections::{HashMap, HashSet};

/// Organization columns, in export order.
pub const ORGANIZATION_COLUMNS: [&str; 7] = [
    "name",
    "tax_id",
    "phone",
    "email",
    "address",
    "lifecycle",
    "owner_email",
];

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

/// What both record kinds check the same way.
struct Common {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    lifecycle: &'static str,
    owner_id: i64,
}

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

    /// Name, email, phone, lifecycle and owner of a row whose columns are
    /// named as in `columns`.
    fn common(
        &self,
        t: &Table,
        row: &csv::StringRecord,
        columns: &[&str],
        line: u64,
        problems: &mut Problems,
    ) -> Option<Common> {
        let before = problems.total;
        let at = |name: &str| columns.iter().position(|c| *c == name).unwrap_or(0);
        let cell = |name: &str| t.cell(row, at(name));
        let mut bad = |name: &str, code: &str| {
            let value = cell(name);
            let shown = (!value.is_empty()).then(|| value.chars().take(100).collect());
            problems.add(line, Some(name), code, shown);
        };
        let name = validate::required_text(cell("name"), 200)
            .map_err(|code| bad("name", code))
            .ok();
        let email = match cell("email") {
            "" => None,
            e if e.chars().count() > 254
                || !validate::is_valid_email(&validate::normalize_email(e)) =>
            {
                bad("email", "malformed");
                None
            }
            e => Some(validate::normalize_email(e)),
        };
        let phone = match cell("phone") {
            "" => None,
            p if p.chars().count() > 40 || !validate::is_valid_phone(p) => {
                bad("phone", "malformed");
                None
            }
            p => Some(p.to_string()),
        };
        let lifecycle = match fold(cell("lifecycle")).as_str() {
            "" | "prospecto" => Some("prospecto"),
            "cliente_potencial" | "cliente potencial" => Some("cliente_potencial"),
            "cliente" => Some("cliente"),
            _ => {
                bad("lifecycle", "unknown");
                None
            }
        };
        let owner_id = match cell("owner_email") {
            "" => Some(self.default_owner),
            e => {
                let email = validate::normalize_email(e);
                let found = self.users.get(&email).copied();
                match found {
                    None if self.inactive.contains(&email) => bad("owner_email", "inactive"),
                    None => bad("owner_email", "unknown"),
                    Some(_) => {}
                }
                found
            }
        };
        if problems.total > before {
            return None;
        }
        Some(Common {
            name: name?,
            email,
            phone,
            lifecycle: lifecycle?,
            owner_id: owner_id?,
        })
    }
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
        let before = problems.total;
        let common = ctx.common(&t, row, &ORGANIZATION_COLUMNS, *line, &mut problems);
        let tax_id = match t.cell(row, 1) {
            "" => None,
            rfc if validate::is_valid_rfc(&validate::normalize_rfc(rfc)) => {
                Some(validate::normalize_rfc(rfc))
            }
            rfc => {
                problems.add(*line, Some("tax_id"), "malformed", Some(rfc.to_string()));
                None
            }
        };
        let address = match t.cell(row, 4) {
            "" => None,
            a if a.chars().count() > 500 => {
                problems.add(*line, Some("address"), "too_long", None);
                None
            }
            a => Some(a.to_string()),
        };
        let name = t.cell(row, 0);
        if !name.is_empty() {
            if ctx.organizations.contains_key(&fold(name)) {
                problems.add(*line, Some("name"), "taken", Some(name.to_string()));
            } else if !seen.insert(fold(name)) {
                problems.add(*line, Some("name"), "duplicate", Some(name.to_string()));
            }
        }
        if let (Some(c), true) = (common, problems.total == before) {
            new.push((c, tax_id, address));
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
        .map(|((c, tax_id, address), id)| BulkOrganization {
            id,
            account_id,
            name: c.name,
            tax_id,
            phone: c.phone,
            email: c.email,
            address,
            lifecycle: c.lifecycle,
            owner_id: c.owner_id,
            created_at: ctx.now,
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
        let before = problems.total;
        let common = ctx.common(&t, row, &CONTACT_COLUMNS, *line, &mut problems);
        let job_title = match t.cell(row, 2) {
            "" => None,
            j if j.chars().count() > 100 => {
                problems.add(*line, Some("job_title"), "too_long", None);
                None
            }
            j => Some(j.to_string()),
        };
        if let Some(email) = common.as_ref().and_then(|c| c.email.clone()) {
            if ctx.contacts.contains(&email) {
                problems.add(*line, Some("email"), "taken", Some(email));
            } else if !seen.insert(email.clone()) {
                problems.add(*line, Some("email"), "duplicate", Some(email));
            }
        }
        let (Some(c), true) = (common, problems.total == before) else {
            continue;
        };
        let organization = match t.cell(row, 1) {
            "" => None,
            name => Some(match ctx.organizations.get(&fold(name)) {
                Some(id) => Ok(*id),
                None => {
                    let n = new_orgs.len();
                    let entry =
                        new_orgs
                            .entry(fold(name))
                            .or_insert((n, name.to_string(), c.owner_id));
                    Err(entry.0)
                }
            }),
        };
        new.push((c, job_title, organization));
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
        .map(|((c, job_title, organization), id)| BulkContact {
            id,
            account_id,
            organization_id: organization.map(|o| o.unwrap_or_else(|i| org_ids[i])),
            name: c.name,
            job_title,
            email: c.email,
            phone: c.phone,
            lifecycle: c.lifecycle,
            owner_id: c.owner_id,
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
