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

/// Minor units back to an exact decimal with two places.
pub fn from_minor(minor: i64) -> Decimal {
    Decimal::new(minor, 2)
}

/// Formats minor units as es-MX money: `$1,234,567.89`.
pub fn format_mx(minor: i64) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let units = (abs / 100).to_string();
    let cents = abs % 100;
    let mut grouped = String::with_capacity(units.len() + units.len() / 3);
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}${grouped}.{cents:02}", if negative { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

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
    fn formats_like_es_mx() {
        assert_eq!(format_mx(0), "$0.00");
        assert_eq!(format_mx(5), "$0.05");
        assert_eq!(format_mx(123_456_789), "$1,234,567.89");
        assert_eq!(format_mx(100_000), "$1,000.00");
        assert_eq!(format_mx(-250), "-$2.50");
        assert_eq!(format_mx(MAX_VALUE_MINOR), "$999,999,999,999.99");
    }
}
