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
use crate::ssr::db::{Db, roles, sessions, sessions::ActorRow, tokens};
use crate::ssr::now_ms;
use crate::ssr::state::AppState;
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
}

impl Actor {
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// May add organizations, contacts and activities.
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
}

/// Resolves a credential to an actor (without checking any need).
/// How fresh a token's "last used" time is kept.
const TOKEN_TOUCH_MS: i64 = 60_000;

pub async fn resolve(db: &Db, cred: Option<Credential>) -> Result<Actor, AppError> {
    let cred = cred.ok_or(AppError::Unauthorized)?;
    let mut conn = db.read().await?;
    let now = now_ms();
    let (row, token_id) = match &cred {
        Credential::Session(id) => (
            sessions::actor(&mut conn.ex(), &credential::digest(id), now).await?,
            None,
        ),
        Credential::Token(token) => {
            match tokens::actor(&mut conn.ex(), &credential::digest(token)).await? {
                // "Last used" to the minute: no write per request.
                Some((token_id, last, row)) => {
                    let stale = last.is_none_or(|at| now - at >= TOKEN_TOUCH_MS);
                    (Some(row), stale.then_some(token_id))
                }
                None => (None, None),
            }
        }
    };
    let row = row.ok_or(AppError::Unauthorized)?;
    let permissions = roles::permissions(&mut conn.ex(), row.role_id).await?;
    drop(conn);
    if let Some(token_id) = token_id {
        let mut tx = db.begin().await?;
        tokens::touch(&mut tx.ex(), token_id, now).await?;
        tx.commit().await?;
    }
    let plan = row.plan.parse::<Plan>().map_err(|e| {
        tracing::error!(account = row.account_id, "{e}");
        AppError::Internal
    })?;
    Ok(Actor {
        user_id: row.user_id,
        account_id: row.account_id,
        row,
        plan,
        permissions,
    })
}

/// Resolves the credential and checks `need`.
pub async fn authorize(db: &Db, cred: Option<Credential>, need: Need) -> Result<Actor, AppError> {
    let actor = resolve(db, cred).await?;
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
    let actor = authorize(&state.db, credential::from_headers(&parts.headers), need).await?;
    Ok((state, actor))
}
