//! What every answer carries besides its body, set by tower-http layers:
//! a Content-Security-Policy with a nonce made for each request (Leptos
//! puts the same nonce on the inline scripts it writes), HSTS unless
//! cookies are never Secure, `nosniff`, no framing, same-origin referrers,
//! `Cache-Control: no-store` for pages and the API (the static bundle says
//! its own), and compression of pages and JSON.
use app::ssr::settings::{SecureCookies, Settings};
use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use http::{HeaderValue, header};
use std::sync::Arc;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::set_header::SetResponseHeaderLayer;

/// The nonce of one request's inline scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn new() -> CspNonce {
        CspNonce(leptos::nonce::Nonce::new().to_string().into())
    }

    /// The policy for an answer whose inline scripts carry this nonce.
    ///
    /// - scripts: the app's own files, the inline hydration and streaming
    ///   scripts Leptos writes with the nonce, and compiling the app's own
    ///   WASM (`'wasm-unsafe-eval'`; no `eval` of JavaScript);
    /// - styles: the app's stylesheet; `style` attributes are allowed
    ///   (`style-src-attr`) because cards and charts carry per-record
    ///   colours and tooltip positions in them, and they cannot run code;
    /// - images: the app's own and `data:` URIs (inline SVG markers);
    /// - connections: the server functions, the REST API and the live
    ///   board's event stream, all on this origin;
    /// - no plugins, no `<base>`, forms post only here, no framing.
    fn policy(&self) -> Option<HeaderValue> {
        let n = &self.0;
        HeaderValue::from_str(&format!(
            "default-src 'self'; script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'; \
             style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        ))
        .ok()
    }
}

/// Gives the request its nonce (the page render reads it) and the answer
/// the same one (the policy layer reads it).
async fn nonce(mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    res.extensions_mut().insert(nonce);
    res
}

/// What is compressed: not event streams (the default already skips them)
/// nor the import's progress lines, which would wait for a block to fill.
fn compressible() -> impl Predicate {
    DefaultPredicate::new().and(NotForContentType::const_new("application/x-ndjson"))
}

/// `router` with every answer's headers, compressed.
pub fn around(router: Router, settings: &Settings) -> Router {
    let fixed =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    let router = router
        .layer(middleware::from_fn(nonce))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            |res: &Response| {
                res.extensions()
                    .get::<CspNonce>()
                    .and_then(CspNonce::policy)
            },
        ))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::REFERRER_POLICY, "same-origin"))
        .layer(fixed(header::CACHE_CONTROL, "no-store"))
        .layer(CompressionLayer::new().compress_when(compressible()));
    // Browsers ignore HSTS over plain HTTP, so "auto" may send it always.
    match settings.secure_cookies {
        SecureCookies::Never => router,
        SecureCookies::Auto | SecureCookies::Always => router.layer(fixed(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        )),
    }
}
