//! Money, dates and month names as the reader's language writes them, from
//! CLDR data (ICU4X), on the server only: the browser's WASM carries none of
//! it. Spanish is es-MX with a 24-hour clock; English is en (US).
use crate::domain::locale::UiLocale;
use crate::domain::money::{from_minor, minor_digits};
use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;
use icu_datetime::fieldsets::{M, MD, T, YM, YMD};
use icu_datetime::input::{Date, Time};
use icu_datetime::options::{TimePrecision, YearStyle};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_experimental::dimension::currency::CurrencyCode;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::options::{CurrencyFormatterOptions, Width};
use icu_locale_core::{Locale, locale};
use rust_decimal::{Decimal, RoundingStrategy};
use writeable::Writeable;

type DateFormatter<F> = FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, F>;

/// One language's formatters, built once per thread.
struct Formatters {
    /// `$1,234.50` and `USD 1,234.50` in es-MX; `MX$1,234.50` and `$1,234.50` in en.
    money: CurrencyFormatter,
    /// `$12.5` for every peso and dollar: chart labels, beside their axis' currency.
    narrow: CurrencyFormatter,
    /// `10/03/2027`, `3/10/2027`.
    date: DateFormatter<YMD>,
    /// `14:05`, `2:05 PM`.
    time: NoCalendarFormatter<T>,
    /// `10 mar`, `Mar 10`.
    day_month: DateFormatter<MD>,
    /// `10 mar 2027`, `Mar 10, 2027`.
    day_month_year: DateFormatter<YMD>,
    /// `mar`, `Mar`.
    month: DateFormatter<M>,
    /// `marzo de 2027`, `March 2027`.
    month_year: DateFormatter<YM>,
}

impl Formatters {
    fn new(locale: Locale) -> Formatters {
        let narrow = {
            let mut o = CurrencyFormatterOptions::default();
            o.width = Width::Narrow;
            o
        };
        // Compiled CLDR data covers both languages (a unit test builds them).
        const DATA: &str = "compiled CLDR data for es-MX and en";
        Formatters {
            money: CurrencyFormatter::try_new(
                (&locale).into(),
                CurrencyFormatterOptions::default(),
            )
            .expect(DATA),
            narrow: CurrencyFormatter::try_new((&locale).into(), narrow).expect(DATA),
            date: DateFormatter::try_new(
                (&locale).into(),
                YMD::short().with_year_style(YearStyle::Full),
            )
            .expect(DATA),
            time: NoCalendarFormatter::try_new(
                (&locale).into(),
                T::short().with_time_precision(TimePrecision::Minute),
            )
            .expect(DATA),
            day_month: DateFormatter::try_new((&locale).into(), MD::medium()).expect(DATA),
            day_month_year: DateFormatter::try_new((&locale).into(), YMD::medium()).expect(DATA),
            month: DateFormatter::try_new((&locale).into(), M::medium()).expect(DATA),
            month_year: DateFormatter::try_new((&locale).into(), YM::long()).expect(DATA),
        }
    }
}

thread_local! {
    static SPANISH: Formatters = Formatters::new(locale!("es-MX-u-hc-h23"));
    static ENGLISH: Formatters = Formatters::new(locale!("en"));
}

/// The formats of one reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats {
    pub locale: UiLocale,
}

impl Formats {
    pub fn new(locale: UiLocale) -> Formats {
        Formats { locale }
    }

    fn with<R>(&self, f: impl FnOnce(&Formatters) -> R) -> R {
        match self.locale {
            UiLocale::Es => SPANISH.with(f),
            UiLocale::En => ENGLISH.with(f),
        }
    }

    /// `value_minor` minor units of `currency`, with its symbol or code and
    /// exactly its minor digits: `$1,234.50`, `USD 1,234.50`, `CLP 1,500`.
    pub fn money(&self, value_minor: i64, currency: &str) -> String {
        let digits = minor_digits(currency);
        self.decimal_money(from_minor(value_minor, digits), currency)
    }

    /// An exact amount of `currency` (a sum, an average), rounded half away
    /// from zero to its minor digits.
    pub fn amount(&self, value: Decimal, currency: &str) -> String {
        let digits = minor_digits(currency);
        let mut rounded =
            value.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(digits);
        self.decimal_money(rounded, currency)
    }

    fn decimal_money(&self, value: Decimal, currency: &str) -> String {
        let Some(code) = currency_code(currency) else {
            return format!("{value} {currency}");
        };
        // Its digits and scale as they are (trailing zeros kept).
        let mut number = fixed_decimal::Decimal::from(value.mantissa());
        number.multiply_pow10(-(value.scale() as i16));
        self.with(|f| {
            f.money
                .format_fixed_decimal(&number, &code)
                .write_to_string()
                .into_owned()
        })
    }

    /// Approximate money for chart axes and labels, in major units of
    /// `currency`: `$950`, `$12.5 k`, `$1.2 M`. Exact figures are in the
    /// tooltips and tables.
    pub fn compact(&self, major: f64, currency: &str) -> String {
        let abs = major.abs();
        let (value, suffix) = if abs >= 1e9 {
            (major / 1e9, " B")
        } else if abs >= 1e6 {
            (major / 1e6, " M")
        } else if abs >= 1e3 {
            (major / 1e3, " k")
        } else {
            (major, "")
        };
        let places = if suffix.is_empty() || value.abs() >= 100.0 {
            0
        } else {
            1
        };
        let text = format!("{value:.places$}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        let (Ok(number), Some(code)) = (
            text.parse::<fixed_decimal::Decimal>(),
            currency_code(currency),
        ) else {
            return format!("{text}{suffix}");
        };
        let shown = self.with(|f| {
            f.narrow
                .format_fixed_decimal(&number, &code)
                .write_to_string()
                .into_owned()
        });
        format!("{shown}{suffix}")
    }

    /// `10/03/2027`, `3/10/2027`.
    pub fn date(&self, d: NaiveDate) -> String {
        self.on(d, |f, date| {
            f.date.format(date).write_to_string().into_owned()
        })
    }

    /// `10 mar`, `Mar 10`.
    pub fn day_month(&self, d: NaiveDate) -> String {
        self.on(d, |f, date| {
            f.day_month.format(date).write_to_string().into_owned()
        })
    }

    /// `10 mar 2027`, `Mar 10, 2027`.
    pub fn day_month_year(&self, d: NaiveDate) -> String {
        self.on(d, |f, date| {
            f.day_month_year.format(date).write_to_string().into_owned()
        })
    }

    /// The month of `d`, short: `mar`, `Mar`.
    pub fn month(&self, d: NaiveDate) -> String {
        self.on(d, |f, date| {
            f.month.format(date).write_to_string().into_owned()
        })
    }

    /// The month of `d` and its year: `marzo de 2027`, `March 2027`.
    pub fn month_year(&self, d: NaiveDate) -> String {
        self.on(d, |f, date| {
            f.month_year.format(date).write_to_string().into_owned()
        })
    }

    /// The instant `ms` (UTC milliseconds) in `tz`: `10/03/2027 14:05`,
    /// `3/10/2027 2:05 PM`.
    pub fn date_time(&self, tz: Tz, ms: i64) -> String {
        let Some(local) = tz.timestamp_millis_opt(ms).single() else {
            return String::new();
        };
        format!(
            "{} {}",
            self.date(local.date_naive()),
            self.time(local.hour(), local.minute())
        )
    }

    /// `14:05`, `2:05 PM`.
    pub fn time(&self, hour: u32, minute: u32) -> String {
        let Ok(time) = Time::try_new(hour as u8, minute as u8, 0, 0) else {
            return String::new();
        };
        self.with(|f| f.time.format(&time).write_to_string().into_owned())
    }

    fn on(
        &self,
        d: NaiveDate,
        f: impl FnOnce(&Formatters, &Date<icu_calendar::Gregorian>) -> String,
    ) -> String {
        let Ok(date) = Date::try_new_gregorian(d.year(), d.month() as u8, d.day() as u8) else {
            return d.to_string();
        };
        self.with(|formatters| f(formatters, &date))
    }
}

fn currency_code(code: &str) -> Option<CurrencyCode> {
    tinystr::TinyAsciiStr::try_from_str(code)
        .ok()
        .map(CurrencyCode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const ES: Formats = Formats {
        locale: UiLocale::Es,
    };
    const EN: Formats = Formats {
        locale: UiLocale::En,
    };

    /// ICU separates some parts with narrow or plain no-break spaces.
    fn plain(s: String) -> String {
        s.replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn money_has_its_currency_symbol_or_code_and_minor_digits() {
        for (f, minor, code, shown) in [
            (ES, 123_456_789, "MXN", "$1,234,567.89"),
            (ES, 100_000, "EUR", "EUR 1,000.00"),
            (ES, 100_000, "USD", "USD 1,000.00"),
            (ES, 1_500, "CLP", "CLP 1,500"),
            (ES, 5, "MXN", "$0.05"),
            (ES, 99_999_999_999_999, "MXN", "$999,999,999,999.99"),
            (EN, 100_000, "EUR", "€1,000.00"),
            (EN, 100_000, "USD", "$1,000.00"),
            (EN, 100_000, "MXN", "MX$1,000.00"),
            (EN, 1_234, "KWD", "KWD 1.234"),
        ] {
            assert_eq!(plain(f.money(minor, code)), shown, "{code} {:?}", f.locale);
        }
    }

    #[test]
    fn amounts_round_half_away_to_the_currency_digits() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(ES.amount(d("333.335"), "MXN"), "$333.34");
        assert_eq!(ES.amount(d("1234.5"), "MXN"), "$1,234.50");
        assert_eq!(plain(ES.amount(d("1500.50"), "CLP")), "CLP 1,501");
        assert_eq!(
            ES.amount(d("99999999999999999.99"), "MXN"),
            "$99,999,999,999,999,999.99",
            "sums beyond one deal's maximum"
        );
        assert_eq!(ES.amount(d("-2.5"), "MXN"), "-$2.50");
    }

    #[test]
    fn compact_money_for_charts() {
        for (major, shown) in [
            (0.0, "$0"),
            (950.4, "$950"),
            (12_500.0, "$12.5 k"),
            (1_000_000.0, "$1 M"),
            (1_240_000.0, "$1.2 M"),
            (250_000_000.0, "$250 M"),
            (3.4e9, "$3.4 B"),
        ] {
            assert_eq!(ES.compact(major, "MXN"), shown);
        }
        assert_eq!(EN.compact(12_500.0, "EUR"), "€12.5 k");
    }

    #[test]
    fn dates_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
        assert_eq!(ES.date(d), "10/03/2027");
        assert_eq!(EN.date(d), "3/10/2027");
        assert_eq!(ES.day_month(d), "10 mar");
        assert_eq!(EN.day_month(d), "Mar 10");
        assert_eq!(ES.day_month_year(d), "10 mar 2027");
        assert_eq!(EN.day_month_year(d), "Mar 10, 2027");
        assert_eq!(ES.month(d), "mar");
        assert_eq!(EN.month(d), "Mar");
        assert_eq!(ES.month_year(d), "marzo de 2027");
        assert_eq!(EN.month_year(d), "March 2027");
        let tz: Tz = "America/Mexico_City".parse().unwrap();
        // 2027-03-10 20:05 UTC is 14:05 in Mexico City.
        let ms = chrono::Utc
            .with_ymd_and_hms(2027, 3, 10, 20, 5, 0)
            .unwrap()
            .timestamp_millis();
        assert_eq!(ES.date_time(tz, ms), "10/03/2027 14:05");
        assert_eq!(plain(EN.date_time(tz, ms)), "3/10/2027 2:05 PM");
        assert_eq!(ES.time(9, 5), "09:05");
    }
}
