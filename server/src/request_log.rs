//! Every request gets an id (`x-request-id`: a proxy's when it sent one,
//! else a new UUID, echoed in the answer) and a span carrying it with the
//! method and path, so that whatever is logged while a request runs names
//! it. Slow answers are logged as warnings: a slow request can be found in
//! the log, then everything it did by its id.
use axum::Router;
use http::{Request, Response};
use std::time::Duration;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// Answers slower than this are warnings; others are logged at debug level.
const SLOW: Duration = Duration::from_millis(500);

/// `router` with request ids and a span per request.
pub fn around(router: Router) -> Router {
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(span)
                .on_request(())
                .on_response(answered),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

fn span<B>(req: &Request<B>) -> Span {
    let id = req
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    // The path only: query strings carry what users search for; a
    // customer's link is a credential, kept out of the log.
    let path = redacted(req.uri().path());
    tracing::info_span!("request", id, method = %req.method(), path = %path)
}

/// `path` with the token of a customer's link (`/q/{token}`,
/// `/api/v1/public/quotes/{token}/…`) replaced by `…`.
fn redacted(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/q/", "/api/v1/public/quotes/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}…{tail}").into();
        }
    }
    path.into()
}

fn answered<B>(res: &Response<B>, latency: Duration, _span: &Span) {
    let status = res.status().as_u16();
    let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    if latency >= SLOW {
        tracing::warn!(status, ms, "slow answer");
    } else {
        tracing::debug!(status, ms, "answered");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_customer_link_is_not_logged() {
        assert_eq!(super::redacted("/q/AbC-123"), "/q/…");
        assert_eq!(
            super::redacted("/api/v1/public/quotes/AbC/pdf"),
            "/api/v1/public/quotes/…/pdf"
        );
        assert_eq!(
            super::redacted("/crm/cotizaciones/4"),
            "/crm/cotizaciones/4"
        );
    }
}
