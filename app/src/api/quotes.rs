//! Cotizaciones: the list, one quote's page, creating one from its deal,
//! its lines while a draft, and moving it through its states (plain form
//! posts, after which the server shows the quote's page). A draft's fields
//! are saved by the record form ([`crate::api::records`]). Each function
//! checks session, plan and permissions itself (see
//! [`crate::ssr::quotes::edit`]).
use crate::domain::deal_lines::{LineInput, LinesView};
use crate::domain::quotes::{QuoteAction, QuoteList, QuotePage, QuoteQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the quotes the caller sees.
#[server(endpoint = "list_quotes")]
pub async fn list_quotes(
    // An empty query string travels as no field at all.
    #[server(default)] query: QuoteQuery,
) -> Result<QuoteList, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::quotes::page::list(&state.db, &actor, &query).await
}

/// One quote's page (`/crm/cotizaciones/{id}`).
#[server(endpoint = "get_quote")]
pub async fn get_quote(id: i64) -> Result<QuotePage, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    let (base, mail) = (&state.settings.public_url, state.mailer.is_some());
    crate::ssr::quotes::page::quote_page(&state.db, &actor, id, base, mail).await
}

/// A new draft quote of the deal `deal_id` (a plain form's post); the
/// browser goes to its page.
#[server(endpoint = "create_quote")]
pub async fn create_quote(deal_id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    let id = crate::ssr::quotes::edit::create(&state.db, &actor, deal_id).await?;
    leptos_axum::redirect(&format!("/crm/cotizaciones/{id}"));
    Ok(())
}

/// Sends, accepts, rejects or cancels the quote seen at `version` (a
/// plain form's post); the browser shows its page again. A send with
/// `email` also mails the customer the link and the PDF (a relay must be
/// configured: else `email` `not_configured`).
#[server(endpoint = "change_quote")]
pub async fn change_quote(
    id: i64,
    version: i64,
    action: QuoteAction,
    #[server(default)] email: bool,
) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};
    use crate::ssr::quotes::edit::{self, Decision};

    let (state, actor) = require(Need::Crm).await?;
    let mailer = match email {
        true => Some(crate::ssr::mail::configured(&state.mailer)?),
        false => None,
    };
    let decision = Decision {
        mail_link_base: mailer.map(|_| state.settings.public_url.clone()),
        ..Decision::default()
    };
    edit::act(&state.db, &actor, id, version, action, decision).await?;
    if let Some(m) = mailer {
        m.ring();
    }
    leptos_axum::redirect(&format!("/crm/cotizaciones/{id}"));
    Ok(())
}

/// Mails the sent quote `id` to its contact again (a plain form's post);
/// the browser shows its page again.
#[server(endpoint = "email_quote")]
pub async fn email_quote(id: i64) -> Result<(), AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    let mailer = crate::ssr::mail::configured(&state.mailer)?;
    let base = &state.settings.public_url;
    crate::ssr::quotes::edit::email_again(&state.db, &actor, id, base).await?;
    mailer.ring();
    leptos_axum::redirect(&format!("/crm/cotizaciones/{id}"));
    Ok(())
}

/// What `lines` would come to as the lines of the draft `quote_id`;
/// nothing is stored.
#[server(endpoint = "preview_quote_lines")]
pub async fn preview_quote_lines(
    quote_id: i64,
    #[server(default)] lines: Vec<LineInput>,
) -> Result<LinesView, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::quotes::edit::preview_lines(&state.db, &actor, quote_id, &lines).await
}

/// Saves `lines` as the lines of the draft seen at `version`; returns its
/// version.
#[server(endpoint = "save_quote_lines")]
pub async fn save_quote_lines(
    quote_id: i64,
    version: i64,
    #[server(default)] lines: Vec<LineInput>,
) -> Result<i64, AppError> {
    use crate::ssr::auth::guard::{Need, require};

    let (state, actor) = require(Need::Crm).await?;
    crate::ssr::quotes::edit::save_lines(&state.db, &actor, quote_id, version, &lines).await
}

/// A sent quote as its customer sees it through their link (no sign-in:
/// the link is the credential; an unknown one is not found).
#[server(endpoint = "public_quote")]
pub async fn public_quote(token: String) -> Result<crate::domain::quotes::PublicQuote, AppError> {
    use crate::ssr::auth::guard::request_context;

    let (state, _) = request_context()?;
    crate::ssr::quotes::public::page(&state.db, &token).await
}

/// The customer's answer through their link (a plain form's post): the
/// quote accepted (`accept`) or rejected by `name`, once; the browser
/// shows the link's page again.
#[server(endpoint = "answer_quote")]
pub async fn answer_quote(
    token: String,
    accept: bool,
    #[server(default)] name: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::guard::request_context;

    let (state, _) = request_context()?;
    crate::ssr::quotes::public::answer(&state.db, &state.live, &token, accept, &name, &comment)
        .await?;
    // Answered: the token is a link's (URL-safe characters only).
    leptos_axum::redirect(&format!("/q/{token}"));
    Ok(())
}
