//! Exact money: `Decimal` in Rust, integer minor units (centavos) in storage.
use rust_decimal::Decimal;

/// Largest deal value the product accepts: 999,999,999,999.99.
pub const MAX_VALUE_MINOR: i64 = 99_999_999_999_999;

/// Why a value cannot be a deal value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Negative,
    TooManyDecimals,
    TooLarge,
    Malformed,
}

impl MoneyError {
    /// Stable code, translated in the UI and sent by the API.
    pub fn code(self) -> &'static str {
        match self {
            MoneyError::Negative => "negative",
            MoneyError::TooManyDecimals => "too_many_decimals",
            MoneyError::TooLarge => "too_large",
            MoneyError::Malformed => "malformed",
        }
    }
}

/// Converts a decimal amount to minor units, refusing anything inexact.
pub fn to_minor(value: Decimal) -> Result<i64, MoneyError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(MoneyError::Negative);
    }
    let normalized = value.normalize();
    if normalized.scale() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let minor = normalized
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(MoneyError::TooLarge)?
        .trunc();
    let minor: i64 = minor.try_into().map_err(|_| MoneyError::TooLarge)?;
    if minor > MAX_VALUE_MINOR {
        return Err(MoneyError::TooLarge);
    }
    Ok(minor)
}

/// Parses user text such as `12345.67` or `12,345.67` into minor units.
pub fn parse_minor(text: &str) -> Result<i64, MoneyError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '$')
        .collect();
    if cleaned.is_empty() {
        return Err(MoneyError::Malformed);
    }
    let value: Decimal = cleaned.parse().map_err(|_| MoneyError::Malformed)?;
    to_minor(value)
}

/// Currencies a deal may be in (ISO 4217): Latin America's and the usual
/// foreign ones.
pub const CURRENCIES: &[&str] = &[
    "MXN", "USD", "EUR", "CAD", "GBP", "ARS", "BOB", "BRL", "CLP", "COP", "CRC", "DOP", "GTQ",
    "HNL", "NIO", "PAB", "PEN", "PYG", "UYU",
];

/// The currencies a form offers: the account's first, then the others.
pub fn currency_choices(account: &str) -> Vec<String> {
    std::iter::once(account)
        .chain(CURRENCIES.iter().copied().filter(|c| *c != account))
        .map(str::to_string)
        .collect()
}

/// Largest exchange rate accepted (account currency per unit of the deal's).
const MAX_RATE: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// Parses an exchange rate: greater than 0, at most 10,000, at most six
/// decimals.
pub fn parse_rate(text: &str) -> Result<Decimal, MoneyError> {
    let rate: Decimal = text
        .trim()
        .replace(',', "")
        .parse()
        .map_err(|_| MoneyError::Malformed)?;
    if rate.is_sign_negative() || rate.is_zero() {
        return Err(MoneyError::Negative);
    }
    if rate.normalize().scale() > 6 {
        return Err(MoneyError::TooManyDecimals);
    }
    if rate > MAX_RATE {
        return Err(MoneyError::TooLarge);
    }
    Ok(rate.normalize())
}

/// A value in minor units of the deal's currency, in minor units of the
/// account's at `rate` (rounded half away from zero to the centavo).
pub fn base_minor(value_minor: i64, rate: Decimal) -> i64 {
    (Decimal::from(value_minor) * rate)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .unwrap_or(i64::MAX)
}

/// Minor units back to an exact decimal with two places.
pub fn from_minor(minor: i64) -> Decimal {
    Decimal::new(minor, 2)
}

/// A deal's value as es-MX money, with its currency's code when it is not
/// the account's: `$1,234.50` or `$1,234.50 USD`.
pub fn format_deal_value(value_minor: i64, currency: &str, account_currency: &str) -> String {
    let value = format_money(from_minor(value_minor));
    if currency == account_currency {
        value
    } else {
        format!("{value} {currency}")
    }
}

/// Formats an exact amount as es-MX money, to the centavo: `$1,234,567.89`.
pub fn format_money(value: Decimal) -> String {
    let minor = (value * Decimal::ONE_HUNDRED).round();
    format_minor(minor.try_into().unwrap_or(0))
}

fn format_minor(minor: i128) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let grouped = group_digits(abs / 100);
    let cents = abs % 100;
    format!("{}${grouped}.{cents:02}", if negative { "-" } else { "" })
}

/// A whole number with es-MX thousands separators: `12,345`.
pub fn group_digits(n: u128) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// Approximate money for chart axes and labels, in major units: `$950`,
/// `$12.5 k`, `$1.2 M`. Exact figures are in the tooltips and tables.
pub fn format_compact(major: f64) -> String {
    let sign = if major < 0.0 { "-" } else { "" };
    let abs = major.abs();
    let (value, suffix) = if abs >= 1e9 {
        (abs / 1e9, " B")
    } else if abs >= 1e6 {
        (abs / 1e6, " M")
    } else if abs >= 1e3 {
        (abs / 1e3, " k")
    } else {
        (abs, "")
    };
    let digits = if suffix.is_empty() || value >= 100.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
    };
    format!("{sign}${digits}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(3_552), "3,552");
        assert_eq!(group_digits(1_000_000), "1,000,000");
    }

    #[test]
    fn exchange_rates_are_checked_and_convert_exactly() {
        assert_eq!(parse_rate("17.2534"), Ok(d("17.2534")));
        assert_eq!(parse_rate("0"), Err(MoneyError::Negative));
        assert_eq!(parse_rate("-1"), Err(MoneyError::Negative));
        assert_eq!(parse_rate("1.1234567"), Err(MoneyError::TooManyDecimals));
        assert_eq!(parse_rate("10000.01"), Err(MoneyError::TooLarge));
        assert_eq!(parse_rate("diez"), Err(MoneyError::Malformed));
        // 1,000.00 USD at 17.2534 = 17,253.40 MXN; half a centavo rounds up.
        assert_eq!(base_minor(100_000, d("17.2534")), 1_725_340);
        assert_eq!(base_minor(1, d("0.5")), 1);
        assert_eq!(
            base_minor(MAX_VALUE_MINOR, MAX_RATE),
            999_999_999_999_990_000
        );
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_conversion_both_ways() {
        assert_eq!(to_minor(d("12345.67")), Ok(1_234_567));
        assert_eq!(to_minor(d("0")), Ok(0));
        assert_eq!(to_minor(d("0.10")), Ok(10));
        assert_eq!(to_minor(d("5.000")), Ok(500));
        assert_eq!(to_minor(d("999999999999.99")), Ok(MAX_VALUE_MINOR));
        assert_eq!(from_minor(1_234_567), d("12345.67"));
        assert_eq!(from_minor(1_234_567).to_string(), "12345.67");
    }

    #[test]
    fn refuses_inexact_or_out_of_range() {
        assert_eq!(to_minor(d("-0.01")), Err(MoneyError::Negative));
        assert_eq!(to_minor(d("1.005")), Err(MoneyError::TooManyDecimals));
        assert_eq!(to_minor(d("1000000000000.00")), Err(MoneyError::TooLarge));
        assert_eq!(
            to_minor(d("79228162514264337593543950335")),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(parse_minor("abc"), Err(MoneyError::Malformed));
        assert_eq!(parse_minor("  "), Err(MoneyError::Malformed));
        assert_eq!(parse_minor("$12,345.6"), Ok(1_234_560));
    }

    #[test]
    fn compact_money_for_charts() {
        assert_eq!(format_compact(0.0), "$0");
        assert_eq!(format_compact(950.4), "$950");
        assert_eq!(format_compact(12_500.0), "$12.5 k");
        assert_eq!(format_compact(1_000_000.0), "$1 M");
        assert_eq!(format_compact(1_240_000.0), "$1.2 M");
        assert_eq!(format_compact(250_000_000.0), "$250 M");
        assert_eq!(format_compact(3.4e9), "$3.4 B");
    }

    #[test]
    fn formats_like_es_mx() {
        assert_eq!(format_money(from_minor(0)), "$0.00");
        assert_eq!(format_money(from_minor(5)), "$0.05");
        assert_eq!(format_money(from_minor(123_456_789)), "$1,234,567.89");
        assert_eq!(format_money(from_minor(100_000)), "$1,000.00");
        assert_eq!(format_money(from_minor(-250)), "-$2.50");
        assert_eq!(
            format_money(from_minor(MAX_VALUE_MINOR)),
            "$999,999,999,999.99"
        );
        assert_eq!(format_money(d("1234.5")), "$1,234.50");
        assert_eq!(format_money(d("333.335")), "$333.34");
        assert_eq!(
            format_money(d("99999999999999999.99")),
            "$99,999,999,999,999,999.99",
            "sums beyond one deal's maximum"
        );
    }
}
