//! The signed-in user and their preferences.
use crate::domain::locale::UiLocale;
use crate::error::AppError;
use crate::model::SessionInfo;
use leptos::prelude::*;

/// The signed-in user, or `None` for a visitor.
#[server(endpoint = "session_info")]
pub async fn current_session() -> Result<Option<SessionInfo>, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    match require(Need::Signed).await {
        Ok((_, actor)) => Ok(Some(actor.session_info())),
        Err(AppError::Unauthorized) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Remembers the user's interface language (for other browsers too) and
/// sets this browser's locale cookie, which the server renders pages in.
#[server(endpoint = "set_locale")]
pub async fn set_locale(locale: UiLocale) -> Result<(), AppError> {
    use crate::ssr::auth::credential;
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::users::db as users;

    let (state, actor) = require(Need::Signed).await?;
    let mut tx = state.db.begin().await?;
    users::set_locale(&mut tx.ex(), actor.user_id, locale.as_str()).await?;
    tx.commit().await?;
    credential::send_cookie(&credential::locale_cookie(locale.as_str()))
}
