//! Refuses state-changing requests from other origins. Leptos has no CSRF
//! protection of its own, and the session cookie is sent on cross-site form
//! posts, so every non-safe request must come from our own origin: its
//! `Origin` (or, lacking that, `Sec-Fetch-Site`) must match `Host`.
use crate::error::AppError;
use http::{HeaderMap, Method, header};

/// Decides whether a request may proceed.
pub fn check(method: &Method, headers: &HeaderMap) -> Result<(), AppError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'));
        return match (origin_host, host) {
            (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => Ok(()),
            _ => Err(AppError::CrossOrigin),
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin") | Some("none") | None => Ok(()),
        Some(_) => Err(AppError::CrossOrigin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_passes_other_origins_fail() {
        let ok = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert_eq!(check(&Method::POST, &ok), Ok(()));
        let evil = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(check(&Method::POST, &evil), Err(AppError::CrossOrigin));
        assert_eq!(check(&Method::GET, &evil), Ok(()), "safe methods pass");
        let null = headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]);
        assert_eq!(check(&Method::POST, &null), Err(AppError::CrossOrigin));
        let cross = headers(&[("host", "a"), ("sec-fetch-site", "cross-site")]);
        assert_eq!(check(&Method::DELETE, &cross), Err(AppError::CrossOrigin));
        let cli = headers(&[("host", "a")]);
        assert_eq!(
            check(&Method::POST, &cli),
            Ok(()),
            "non-browser clients send no Origin"
        );
    }
}
