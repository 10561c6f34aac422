//! Request allowances of one app server, kept in memory by governor's
//! keyed limiters (GCRA: a steady rate with a burst of one minute's
//! worth): per client address before anything else is looked at, so that
//! made-up credentials cost their sender, and per signed-in user once the
//! credential is resolved (every token and session of a user share it).
//! Keys that are idle again are swept away each minute, so the tables
//! hold only recent callers.
use crate::error::AppError;
use crate::ssr::settings::Settings;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::hash::Hash;
use std::num::NonZeroU32;
use std::sync::Arc;

/// The allowances of the REST API and the server functions.
#[derive(Clone)]
pub struct Limits {
    per_address: Arc<DefaultKeyedRateLimiter<String>>,
    per_user: Arc<DefaultKeyedRateLimiter<i64>>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN))
}

/// Counts one request of `key`; too many is [`AppError::TooManyAttempts`]
/// with the seconds to wait.
fn check<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), AppError> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::TooManyAttempts(wait.as_secs().max(1))
    })
}

impl Limits {
    /// Allowances from the settings (requests a minute per user, per address).
    pub fn new(settings: &Settings) -> Limits {
        Limits {
            per_address: Arc::new(DefaultKeyedRateLimiter::keyed(per_minute(
                settings.address_requests_per_minute,
            ))),
            per_user: Arc::new(DefaultKeyedRateLimiter::keyed(per_minute(
                settings.api_requests_per_minute,
            ))),
        }
    }

    /// Counts a request from a client address (before any credential).
    pub fn check_address(&self, address: &str) -> Result<(), AppError> {
        check(&self.per_address, &address.to_string())
    }

    /// Counts a request of a signed-in user.
    pub fn check_user(&self, user_id: i64) -> Result<(), AppError> {
        check(&self.per_user, &user_id)
    }

    /// Keys tracked now (addresses, users).
    pub fn tracked(&self) -> (usize, usize) {
        (self.per_address.len(), self.per_user.len())
    }

    /// Forgets the callers whose allowance is whole again.
    pub fn sweep(&self) {
        self.per_address.retain_recent();
        self.per_address.shrink_to_fit();
        self.per_user.retain_recent();
        self.per_user.shrink_to_fit();
    }

    /// Sweeps every minute for as long as the server runs.
    pub fn start_sweeping(&self) {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                limits.sweep();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_allowance_and_idle_keys_are_forgotten() {
        let limits = Limits::new(&Settings {
            api_requests_per_minute: 3,
            address_requests_per_minute: 2,
            ..Settings::default()
        });
        for _ in 0..3 {
            assert_eq!(limits.check_user(7), Ok(()));
        }
        assert!(
            matches!(limits.check_user(7), Err(AppError::TooManyAttempts(s)) if (1..=60).contains(&s))
        );
        assert_eq!(limits.check_user(8), Ok(()), "another user");
        assert_eq!(limits.check_address("10.0.0.1"), Ok(()));
        assert_eq!(limits.check_address("10.0.0.1"), Ok(()));
        assert!(limits.check_address("10.0.0.1").is_err());
        assert_eq!(limits.tracked(), (1, 2));
        limits.sweep();
        assert_eq!(limits.tracked(), (1, 2), "still spent: kept");
    }
}
