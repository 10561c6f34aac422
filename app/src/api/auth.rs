//! Login and logout.
use crate::domain::locale::UiLocale;
use crate::error::AppError;
use leptos::prelude::*;

/// Checks the credentials, rotates the session and sets the cookies.
/// Returns the user's interface language.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<UiLocale, AppError> {
    use crate::ssr::auth::{credential, guard::request_context, login};
    use http::HeaderValue;
    use http::header::SET_COOKIE;

    let (state, parts) = request_context()?;
    let address = login::client_address(&parts, &state.settings);
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
    let res = expect_context::<leptos_axum::ResponseOptions>();
    let max_age = state.settings.session_days * 86_400;
    for cookie in [
        credential::session_cookie(&done.session_id, max_age, secure),
        credential::locale_cookie(done.locale.as_str()),
    ] {
        res.append_header(
            SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
        );
    }
    Ok(done.locale)
}

/// Ends the session and clears its cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::auth::{credential, guard::request_context, login};
    use http::HeaderValue;
    use http::header::SET_COOKIE;

    let (state, parts) = request_context()?;
    login::logout(&state.db, credential::from_headers(&parts.headers)).await?;
    let res = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = credential::clear_session_cookie(login::cookie_secure(&parts, &state.settings));
    res.append_header(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
    );
    Ok(())
}
