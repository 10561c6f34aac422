//! `GET /api/v1/quotes/{id}/pdf`: a quote as the PDF its customer keeps
//! (see [`app::ssr::paper`]), to whoever sees its deal; a page's
//! "Descargar PDF" link (the session's cookie) or an API token.
//! `GET /api/v1/public/quotes/{token}/pdf`: the same through the
//! customer's link, no sign-in (an unknown link is not found).
use super::ApiError;
use super::extract::{Authed, Crm, Id};
use app::ssr::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderValue, header};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(quote_pdf))
        .routes(routes!(public_quote_pdf))
}

/// A quote as PDF (its lines, totals and customer as stored: frozen once sent)
#[utoipa::path(get, path = "/quotes/{id}/pdf", params(Id),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404)))]
async fn quote_pdf(
    Authed(actor, ..): Authed<Crm>,
    State(state): State<AppState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let (name, bytes) = app::ssr::quotes::page::pdf(&state.db, &actor, id).await?;
    Ok(pdf_response(&name, bytes))
}

/// A quote as PDF through its customer's link (no sign-in)
#[utoipa::path(get, path = "/public/quotes/{token}/pdf",
    params(("token" = String, Path, description = "The customer's link: 43 characters of URL-safe base64")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404)))]
async fn public_quote_pdf(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let (name, bytes) = app::ssr::quotes::public::pdf(&state.db, &token).await?;
    Ok(pdf_response(&name, bytes))
}

/// `bytes` as a PDF named `name` (a folio: letters, digits and a dash).
pub(super) fn pdf_response(name: &str, bytes: Vec<u8>) -> Response {
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}
