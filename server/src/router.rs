//! The HTTP router: pages, server functions, REST and static files, behind
//! the cross-origin guard and a few security headers. Built separately from
//! `serve` so tests drive it in-process.
use crate::config::Config;
use crate::rest;
use app::error::AppError;
use app::ssr::{csrf, db::Db, live::Live, state::AppState};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;

/// The shared state for a configuration and an open database.
pub fn state(config: &Config, db: Db) -> AppState {
    AppState {
        db: db.clone(),
        settings: Arc::new(config.settings.clone()),
        leptos_options: config.leptos.clone(),
        live: Live::start(&db),
    }
}

/// The whole application.
pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let ctx_state = state.clone();
    let fallback_state = state.clone();
    Router::new()
        .nest(
            "/api/v1",
            rest::routes(state.settings.api_requests_per_minute),
        )
        .route("/api/live/board", get(crate::live::board_events))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ctx_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_state.clone()), shell
        ))
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Refuses cross-origin state changes, gives server-function errors their
/// HTTP status and adds security headers.
async fn guard(req: Request<Body>, next: Next) -> Response {
    if let Err(e) = csrf::check(req.method(), req.headers()) {
        return rest::ApiError(e).into_response();
    }
    let server_fn =
        req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/api/v1/");
    let mut res = next.run(req).await;
    if server_fn && res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        res = with_error_status(res).await;
    }
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Server functions answer every error with 500; the encoded [`AppError`]
/// knows its real status (401, 403, 404, 422, 429, …).
async fn with_error_status(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
