//! Too many requests from one credential: each bearer token (or browser
//! session) may make `per_minute` REST requests per clock minute on this
//! server; past that it gets 429 with `Retry-After`. Counted in memory,
//! keyed by a digest of the credential (never the credential itself).
use super::ApiError;
use app::error::AppError;
use app::ssr::auth::credential::{self, Credential};
use app::ssr::now_ms;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Counts per credential for the current minute.
#[derive(Clone)]
pub struct RateLimit {
    per_minute: u32,
    counts: Arc<Mutex<HashMap<String, (i64, u32)>>>,
}

impl RateLimit {
    pub fn new(per_minute: u32) -> RateLimit {
        RateLimit {
            per_minute,
            counts: Arc::default(),
        }
    }

    /// Counts a request of `key` at `now` (ms); `Err(seconds to wait)` when
    /// the minute's allowance is spent.
    fn hit(&self, key: String, now: i64) -> Result<(), u64> {
        let minute = now.div_euclid(60_000);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > 10_000 {
            counts.retain(|_, (m, _)| *m == minute);
        }
        let entry = counts.entry(key).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= self.per_minute {
            let wait_ms = (minute + 1) * 60_000 - now;
            let seconds = u64::try_from(wait_ms).unwrap_or(60_000).div_ceil(1_000);
            return Err(seconds.max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The middleware in front of `/api/v1`.
pub async fn rate_limit(State(limit): State<RateLimit>, req: Request, next: Next) -> Response {
    let key = match credential::from_headers(req.headers()) {
        Some(Credential::Token(t)) => format!("t:{}", credential::digest(&t)),
        Some(Credential::Session(s)) => format!("s:{}", credential::digest(&s)),
        // Refused as unauthorized by the handler anyway.
        None => return next.run(req).await,
    };
    match limit.hit(key, now_ms()) {
        Ok(()) => next.run(req).await,
        Err(seconds) => ApiError(AppError::TooManyAttempts(seconds)).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_gets_its_allowance_per_minute() {
        let limit = RateLimit::new(3);
        let at = 120_000 + 45_500;
        for _ in 0..3 {
            assert_eq!(limit.hit("a".into(), at), Ok(()));
        }
        assert_eq!(limit.hit("a".into(), at), Err(15));
        assert_eq!(limit.hit("b".into(), at), Ok(()), "another credential");
        assert_eq!(limit.hit("a".into(), 180_000), Ok(()), "the next minute");
    }
}
