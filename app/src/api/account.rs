//! Mi cuenta: users of the account.
use crate::error::AppError;
use crate::model::UserView;
use leptos::prelude::*;

/// Users of the caller's account (needs `account.users.manage`).
#[server(endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    use crate::domain::permission::Permission;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::db::users;

    let (state, actor) = require(Need::Perm(Permission::UsersManage)).await?;
    let mut conn = state.db.read().await?;
    users::list(&mut conn.ex(), actor.account_id).await
}
