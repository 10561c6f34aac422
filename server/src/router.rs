//! The HTTP router: pages, server functions, REST and static files, behind
//! the cross-origin guard, a body limit, the headers of [`headers`] and the
//! request ids and spans of [`crate::request_log`].
//! Built separately from `serve` so tests drive it in-process.
use crate::config::Config;
use crate::headers::{self, CspNonce};
use crate::rest;
use app::error::AppError;
use app::pages::api_docs::ApiDocument;
use app::ssr::auth::login;
use app::ssr::csrf;
use app::ssr::db::Db;
use app::ssr::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The shared state for a configuration and an open database.
pub fn state(config: &Config, db: Db) -> AppState {
    AppState::new(db, config.settings.clone(), config.leptos.clone())
}

/// The largest request body a page or server function takes: larger ones
/// get 413 before they are read (REST bodies have axum's 2 MB limit, the
/// imports their own larger one).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// The whole application.
pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let (api, document) = rest::routes();
    let document = ApiDocument(document);
    let ctx_state = state.clone();
    let ctx_document = document.clone();
    let fallback_state = state.clone();
    let pages = Router::new()
        .route("/api/live/board", get(crate::live::board_events))
        .leptos_routes_with_context(
            &state,
            routes,
            move || page_context(&ctx_state, &ctx_document),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || page_context(&fallback_state, &document), shell
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY));
    let router = Router::new()
        .nest("/api/v1", api)
        .nest_service(
            &format!("/{}", state.leptos_options.site_pkg_dir),
            bundle(&state.leptos_options),
        )
        .merge(pages)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state.clone());
    crate::request_log::around(headers::around(router, &state.settings))
}

/// What a page render needs: the state, the API's document (for its docs
/// page), and the request's CSP nonce for the inline scripts Leptos writes.
fn page_context(state: &AppState, document: &ApiDocument) {
    provide_context(state.clone());
    provide_context(document.clone());
    if let Some(nonce) =
        use_context::<Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned())
    {
        provide_context(Nonce::from_value(nonce.0));
    }
}

/// The JS, WASM and CSS bundle, brotli or gzip as written at build time
/// when the browser takes them; names carrying a hash of their content are
/// cached for a year, others revalidated.
fn bundle(options: &LeptosOptions) -> Router {
    let dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    // The names are hashed only when cargo-leptos left their list.
    let listed = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())))
        .is_some_and(|list| list.exists());
    let cache = if options.hash_files && listed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ))
}

/// Refuses cross-origin state changes and callers past their address's
/// allowance (REST and server functions), and gives server-function errors
/// their HTTP status.
async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    if let Err(e) = csrf::check(req.method(), req.headers()) {
        return rest::ApiError(e).into_response();
    }
    let path = req.uri().path();
    let api = path.starts_with("/api/") && path != "/api/docs";
    if api {
        let address = login::client_address(req.headers(), req.extensions(), &state.settings);
        if let Err(e) = state.limits.check_address(&address) {
            return rest::ApiError(e).into_response();
        }
    }
    let server_fn = api && !path.starts_with("/api/v1/");
    let res = next.run(req).await;
    if server_fn && res.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return with_error_status(res).await;
    }
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
