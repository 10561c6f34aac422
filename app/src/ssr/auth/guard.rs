//! The one authorization helper: resolves the credential (session or API
//! token) to an [`Actor`], then checks plan and permission. Every server
//! function and REST handler calls [`authorize`] (server functions through
//! [`require`]); a missing check is a missing call, easy to see in review and
//! caught by the permission-matrix tests.
use super::credential::{self, Credential};
use crate::domain::locale::UiLocale;
use crate::domain::permission::Permission;
use crate::domain::plan::Plan;
use crate::error::AppError;
use crate::model::SessionInfo;
use crate::ssr::auth::db::sessions;
use crate::ssr::auth::db::sessions::ActorRow;
use crate::ssr::clock::{AccountClock, now_ms};
use crate::ssr::state::AppState;
use crate::ssr::tokens::db as tokens;
use crate::ssr::users::db::roles;
use http::request::Parts;
use leptos::prelude::use_context;

/// What an endpoint needs from the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Any signed-in user of an account.
    Signed,
    /// A signed-in user holding this permission.
    Perm(Permission),
    /// The CRM module (plan estandar or higher), any role.
    Crm,
    /// The CRM module and this permission.
    CrmPerm(Permission),
}

/// The signed-in user an endpoint acts for. Every query takes its
/// `account_id`, so nothing crosses accounts.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: i64,
    pub account_id: i64,
    pub row: ActorRow,
    pub plan: Plan,
    pub permissions: Vec<Permission>,
    /// The account's time zone and the instant of this request.
    pub clock: AccountClock,
}

impl Actor {
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// May add deals, organizations, contacts and activities.
    pub fn may_add_records(&self) -> bool {
        crate::domain::permission::may_add_records(&self.permissions)
    }

    /// May change or delete an organization, contact or activity owned by
    /// (assigned to) `owner`.
    pub fn may_change(&self, owner: Option<i64>) -> bool {
        self.can(Permission::DealsEditAll)
            || (owner == Some(self.user_id) && self.can(Permission::DealsEditOwn))
    }

    /// [`Actor::may_add_records`], or forbidden.
    pub fn must_add_records(&self) -> Result<(), AppError> {
        self.may_add_records()
            .then_some(())
            .ok_or(AppError::Forbidden)
    }

    /// [`Actor::may_change`], or forbidden.
    pub fn must_change(&self, owner: Option<i64>) -> Result<(), AppError> {
        self.may_change(owner)
            .then_some(())
            .ok_or(AppError::Forbidden)
    }

    /// May grant, assign or act on `wanted`: only what this actor holds
    /// ([`crate::domain::permission::may_grant`]).
    pub fn may_grant(&self, wanted: &[Permission]) -> bool {
        crate::domain::permission::may_grant(&self.permissions, wanted)
    }

    /// [`Actor::may_grant`], or the problem `code` on `field`.
    pub fn must_hold_all(
        &self,
        wanted: &[Permission],
        field: &str,
        code: &str,
    ) -> Result<(), AppError> {
        self.may_grant(wanted)
            .then_some(())
            .ok_or_else(|| AppError::field(field, code))
    }

    /// The only owner whose deals this actor sees, when it may not see all.
    pub fn own_deals_only(&self) -> Option<i64> {
        (!self.can(Permission::DealsViewAll)).then_some(self.user_id)
    }

    /// May see a deal owned by `owner_id`.
    pub fn may_see_deal(&self, owner_id: i64) -> bool {
        self.own_deals_only().is_none_or(|me| me == owner_id)
    }

    /// May change (move, close, reopen, comment on) a deal owned by `owner_id`.
    pub fn may_edit_deal(&self, owner_id: i64) -> bool {
        self.can(Permission::DealsEditAll)
            || (self.can(Permission::DealsEditOwn) && owner_id == self.user_id)
    }

    /// Checks plan and permission for `need`.
    pub fn check(&self, need: Need) -> Result<(), AppError> {
        let (crm, perm) = match need {
            Need::Signed => (false, None),
            Need::Perm(p) => (false, Some(p)),
            Need::Crm => (true, None),
            Need::CrmPerm(p) => (true, Some(p)),
        };
        if crm && !self.plan.has_crm() {
            return Err(AppError::PlanRequired);
        }
        match perm {
            Some(p) if !self.can(p) => Err(AppError::Forbidden),
            _ => Ok(()),
        }
    }

    /// The browser's view of this actor.
    pub fn session_info(&self) -> SessionInfo {
        let r = &self.row;
        SessionInfo {
            user_id: r.user_id,
            name: r.name.clone(),
            email: r.email.clone(),
            role: r.role.clone(),
            permissions: self.permissions.clone(),
            account_name: r.account_name.clone(),
            plan: self.plan,
            currency: r.currency.clone(),
            time_zone: r.time_zone.clone(),
            locale: self.locale(),
        }
    }

    /// The user's language, else the account's.
    pub fn locale(&self) -> UiLocale {
        UiLocale::preferred(self.row.locale.as_deref(), &self.row.account_locale)
    }

    /// Money and dates as the user's language writes them.
    pub fn formats(&self) -> crate::ssr::format::Formats {
        crate::ssr::format::Formats::new(self.locale())
    }

    /// The instant `ms` (UTC milliseconds) in the account's time zone, as
    /// the user's language writes it: `27/11/2026 14:05`.
    pub fn local_time(&self, ms: i64) -> String {
        self.formats().date_time(self.clock.tz, ms)
    }
}

/// How fresh a session's "last seen" and a token's "last used" times are
/// kept: at most one write a minute per credential.
const TOUCH_MS: i64 = 60_000;

/// What to record as used after resolving a credential.
enum Touch {
    Session(String),
    Token(i64),
}

/// Resolves a credential to an actor (without checking any need): a
/// session past its lifetime or idle longer than the settings allow, a
/// revoked or expired token, or a deactivated user is unauthorized.
pub async fn resolve(state: &AppState, cred: Option<Credential>) -> Result<Actor, AppError> {
    let (actor, touch) = look_up(state, cred).await?;
    if let Some(touch) = touch {
        let now = now_ms();
        let mut tx = state.db.begin().await?;
        match touch {
            Touch::Session(digest) => sessions::touch(&mut tx.ex(), &digest, now).await?,
            Touch::Token(id) => tokens::touch(&mut tx.ex(), id, now).await?,
        }
        tx.commit().await?;
    }
    Ok(actor)
}

/// [`resolve`] without recording a use: for a stream that checks now and
/// then that its credential still holds (an open tab is not activity).
pub async fn recheck(state: &AppState, cred: Option<Credential>) -> Result<Actor, AppError> {
    Ok(look_up(state, cred).await?.0)
}

/// The actor behind a credential, and the use to record if any.
async fn look_up(
    state: &AppState,
    cred: Option<Credential>,
) -> Result<(Actor, Option<Touch>), AppError> {
    let cred = cred.ok_or(AppError::Unauthorized)?;
    let mut conn = state.db.read().await?;
    let now = now_ms();
    let stale = |last: Option<i64>| last.is_none_or(|at| now - at >= TOUCH_MS);
    let (row, touch) = match &cred {
        Credential::Session(id) => {
            let digest = credential::digest(id);
            let idle_since = now - state.settings.session_idle_minutes * 60_000;
            match sessions::actor(&mut conn.ex(), &digest, now, idle_since).await? {
                Some((seen, row)) => (
                    Some(row),
                    stale(Some(seen)).then_some(Touch::Session(digest)),
                ),
                None => (None, None),
            }
        }
        Credential::Token(token) => {
            match tokens::actor(&mut conn.ex(), &credential::digest(token), now).await? {
                Some((token_id, last, row)) => {
                    (Some(row), stale(last).then_some(Touch::Token(token_id)))
                }
                None => (None, None),
            }
        }
    };
    let row = row.ok_or(AppError::Unauthorized)?;
    let permissions = roles::permissions(&mut conn.ex(), row.role_id).await?;
    drop(conn);
    let plan = row.plan.parse::<Plan>().map_err(|e| {
        tracing::error!(account = row.account_id, "{e}");
        AppError::Internal
    })?;
    let clock = AccountClock::new(&row.time_zone)?;
    let actor = Actor {
        user_id: row.user_id,
        account_id: row.account_id,
        row,
        plan,
        permissions,
        clock,
    };
    Ok((actor, touch))
}

/// Resolves the credential, counts the request against its user's
/// allowance and checks `need`.
pub async fn authorize(
    state: &AppState,
    cred: Option<Credential>,
    need: Need,
) -> Result<Actor, AppError> {
    admit(state, resolve(state, cred).await?, need)
}

/// Counts a resolved actor's request against their allowance and checks
/// `need`.
fn admit(state: &AppState, actor: Actor, need: Need) -> Result<Actor, AppError> {
    state.limits.check_user(actor.user_id)?;
    actor.check(need)?;
    Ok(actor)
}

/// The state and request of the running server function.
pub fn request_context() -> Result<(AppState, Parts), AppError> {
    let state = use_context::<AppState>().ok_or(AppError::Internal)?;
    let parts = use_context::<Parts>().ok_or(AppError::Internal)?;
    Ok((state, parts))
}

/// For server functions: the caller, authorized for `need`.
pub async fn require(need: Need) -> Result<(AppState, Actor), AppError> {
    let (state, parts) = request_context()?;
    let actor = authorize(&state, credential::from_headers(&parts.headers), need).await?;
    Ok((state, actor))
}

/// [`require`] for what a page asks by itself on a timer (the bell's
/// count): counted against the allowance, but not a use that keeps an idle
/// session alive.
pub async fn require_passive(need: Need) -> Result<(AppState, Actor), AppError> {
    let (state, parts) = request_context()?;
    let actor = recheck(&state, credential::from_headers(&parts.headers)).await?;
    let actor = admit(&state, actor, need)?;
    Ok((state, actor))
}
