//! Login and logout.
use crate::domain::locale::UiLocale;
use crate::error::AppError;
use leptos::prelude::*;

/// Checks the credentials, rotates the session and sets the cookies.
/// Returns the user's interface language.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<UiLocale, AppError> {
    use crate::ssr::auth::{credential, guard::request_context, login};

    let (state, parts) = request_context()?;
    let address = login::client_address(&parts.headers, &parts.extensions, &state.settings);
    let previous = credential::from_headers(&parts.headers);
    let done = login::login(
        &state.db,
        &state.settings,
        &email,
        &password,
        &address,
        previous,
    )
    .await?;
    let secure = login::cookie_secure(&parts, &state.settings);
    let max_age = state.settings.session_days * 86_400;
    credential::send_cookie(&credential::session_cookie(
        &done.session_id,
        max_age,
        secure,
    ))?;
    credential::send_cookie(&credential::locale_cookie(done.locale.as_str()))?;
    Ok(done.locale)
}

/// Ends the session and clears its cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::auth::{credential, guard::request_context, login};

    let (state, parts) = request_context()?;
    login::logout(&state.db, credential::from_headers(&parts.headers)).await?;
    leptos_axum::redirect("/login");
    credential::send_cookie(&credential::clear_session_cookie(login::cookie_secure(
        &parts,
        &state.settings,
    )))
}
