//! Time as an account sees it: instants are UTC milliseconds in storage;
//! days, buckets and what the pages show are in the account's time zone.
//! An [`AccountClock`] (the zone and the request's instant) is built once
//! per request, with the [`crate::ssr::auth::guard::Actor`].
use crate::domain::dashboard::{day_date, day_number};
use crate::error::AppError;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

/// Milliseconds since the Unix epoch, UTC: the storage format of every timestamp.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Parses an account's IANA time zone name.
pub fn time_zone(name: &str) -> Result<Tz, AppError> {
    name.parse::<Tz>().map_err(|_| {
        tracing::error!(time_zone = name, "unknown account time zone");
        AppError::Internal
    })
}

/// The local calendar day (in `tz`) of an instant in UTC milliseconds.
pub fn local_day(tz: Tz, ms: i64) -> i64 {
    let utc = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    day_number(utc.with_timezone(&tz).date_naive())
}

/// The first instant (UTC ms) of a local day in `tz`; a day whose midnight
/// does not exist (a daylight-saving jump) starts when the clocks resume.
pub fn day_start(tz: Tz, day: i64) -> i64 {
    let midnight = day_date(day).and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut local = midnight;
    for _ in 0..=24 * 4 {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.timestamp_millis();
        }
        local += chrono::Duration::minutes(15);
    }
    midnight.and_utc().timestamp_millis()
}

/// Today in `tz`.
pub fn today(tz: Tz) -> NaiveDate {
    day_date(local_day(tz, now_ms()))
}

/// The first instants of the local day (in `tz`) of `now` and of the next.
pub fn today_bounds(tz: Tz, now: i64) -> (i64, i64) {
    let today = local_day(tz, now);
    (day_start(tz, today), day_start(tz, today + 1))
}

/// An account's time zone and the instant a request is served at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AccountClock {
    pub tz: Tz,
    /// UTC milliseconds.
    pub now: i64,
}

impl AccountClock {
    /// The clock of an account whose zone is named `time_zone`, now.
    pub fn new(time_zone_name: &str) -> Result<AccountClock, AppError> {
        Ok(AccountClock {
            tz: time_zone(time_zone_name)?,
            now: now_ms(),
        })
    }

    /// Today, local.
    pub fn today(&self) -> NaiveDate {
        day_date(local_day(self.tz, self.now))
    }

    /// The first instants of today and of tomorrow, local.
    pub fn today_bounds(&self) -> (i64, i64) {
        today_bounds(self.tz, self.now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MX: Tz = chrono_tz::America::Mexico_City;

    #[test]
    fn local_days_follow_the_account_time_zone() {
        // 2026-01-31 23:30 in Mexico City is already 2026-02-01 in UTC.
        let ms = 1_769_923_800_000;
        let utc = chrono::DateTime::from_timestamp_millis(ms).unwrap();
        assert_eq!(utc.date_naive().to_string(), "2026-02-01");
        assert_eq!(day_date(local_day(MX, ms)).to_string(), "2026-01-31");
        let start = day_start(MX, local_day(MX, ms));
        assert_eq!(start, ms - (23 * 60 + 30) * 60_000);
    }
}
