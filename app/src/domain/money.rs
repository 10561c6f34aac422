//! Exact money: `Decimal` in Rust, integer minor units (centavos) in storage.
use rust_decimal::Decimal;

/// Largest deal value the product accepts, in minor units of its currency:
/// 999,999,999,999.99 MXN, 99,999,999,999,999 CLP.
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

/// Digits after the decimal point in `code`'s minor unit, from ISO 4217:
/// 0 for CLP, PYG or JPY, 3 for KWD or BHD, 2 for most (and for a code ISO
/// does not list).
pub fn minor_digits(code: &str) -> u32 {
    iso_currency::Currency::from_code(code)
        .and_then(|c| c.exponent())
        .map_or(2, u32::from)
}

/// Converts a decimal amount to minor units of a currency with `digits`,
/// refusing anything inexact.
pub fn to_minor(value: Decimal, digits: u32) -> Result<i64, MoneyError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(MoneyError::Negative);
    }
    let normalized = value.normalize();
    if normalized.scale() > digits {
        return Err(MoneyError::TooManyDecimals);
    }
    let minor = normalized
        .checked_mul(Decimal::from(10_i64.pow(digits)))
        .ok_or(MoneyError::TooLarge)?
        .trunc();
    let minor: i64 = minor.try_into().map_err(|_| MoneyError::TooLarge)?;
    if minor > MAX_VALUE_MINOR {
        return Err(MoneyError::TooLarge);
    }
    Ok(minor)
}

/// `text` without its `$` and its thousands separators, as a decimal
/// number: an optional sign, digits, an optional fraction. The commas must
/// group the integer digits by three (`12,345.67`): `1,5` and `0,500` are
/// refused rather than read as fifteen or five hundred, as a decimal comma
/// would be misread; exponents and underscores are refused too.
fn ungrouped(text: &str) -> Result<String, MoneyError> {
    let text: String = text.chars().filter(|c| *c != '$').collect();
    let text = text.trim();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let unsigned = unsigned.trim_start();
    let (int, fraction) = match unsigned.split_once('.') {
        Some((int, fraction)) => (int, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let well_formed = (!int.is_empty() || fraction.is_some())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',')
        && fraction.is_none_or(|f| !f.is_empty() && digits(f));
    if !well_formed {
        return Err(MoneyError::Malformed);
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = (1..=3).contains(&first.len())
            && !first.starts_with('0')
            && groups.all(|g| g.len() == 3);
        if !grouped {
            return Err(MoneyError::Malformed);
        }
    }
    let int = match int.replace(',', "") {
        empty if empty.is_empty() => "0".to_string(),
        int => int,
    };
    Ok(match fraction {
        Some(fraction) => format!("{sign}{int}.{fraction}"),
        None => format!("{sign}{int}"),
    })
}

/// The number `text` writes, as [`ungrouped`] reads it.
fn decimal(text: &str) -> Result<Decimal, MoneyError> {
    ungrouped(text)?.parse().map_err(|_| MoneyError::Malformed)
}

/// A decimal number as typed (thousands separators as [`parse_minor`]
/// reads them) with at most `digits` decimals.
pub fn parse_decimal(text: &str, digits: u32) -> Result<Decimal, MoneyError> {
    let value = decimal(text)?;
    if value.normalize().scale() > digits {
        return Err(MoneyError::TooManyDecimals);
    }
    Ok(value)
}

/// Parses user text such as `12345.67` or `12,345.67` into minor units of
/// a currency with `digits` (`1500.5` is refused for CLP).
pub fn parse_minor(text: &str, digits: u32) -> Result<i64, MoneyError> {
    to_minor(decimal(text)?, digits)
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
    let rate = decimal(text)?;
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

/// Largest base value of one deal: 999,999,999,999.99 of the account's
/// currency, as large as a deal written in it may be, whatever currency it
/// is written in (so the sums of the board and the dashboard stay far
/// inside 64 bits).
pub const MAX_BASE_MINOR: i64 = MAX_VALUE_MINOR;

/// A value in minor units of a currency with `digits`, in base units at
/// `rate` (rounded half away from zero); more than [`MAX_BASE_MINOR`] is
/// too large. Base units are hundredths of the account's currency whatever
/// its minor unit, so that sums of converted values keep their centavos.
pub fn base_minor(value_minor: i64, digits: u32, rate: Decimal) -> Result<i64, MoneyError> {
    let base = (from_minor(value_minor, digits) * rate * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(base)
        .ok()
        .filter(|b| *b <= MAX_BASE_MINOR)
        .ok_or(MoneyError::TooLarge)
}

/// Minor units back to an exact decimal with the currency's `digits`.
pub fn from_minor(minor: i64, digits: u32) -> Decimal {
    Decimal::new(minor, digits)
}

/// A value in minor units of currency `code` as an exact amount of it.
pub fn major(minor: i64, code: &str) -> Decimal {
    from_minor(minor, minor_digits(code))
}

/// Base units (hundredths of the account's currency) as an exact amount.
pub fn from_base(base: i128) -> Decimal {
    Decimal::from_i128_with_scale(base, 2)
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
    fn minor_units_follow_iso_4217() {
        for (code, digits) in [
            ("MXN", 2),
            ("USD", 2),
            ("EUR", 2),
            ("CLP", 0),
            ("PYG", 0),
            ("JPY", 0),
            ("KWD", 3),
            ("BHD", 3),
            ("XYZ", 2),
        ] {
            assert_eq!(minor_digits(code), digits, "{code}");
        }
        // Every currency a deal may be in is known to ISO 4217.
        for code in CURRENCIES {
            assert!(iso_currency::Currency::from_code(code).is_some(), "{code}");
        }
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
        assert_eq!(base_minor(100_000, 2, d("17.2534")), Ok(1_725_340));
        assert_eq!(base_minor(1, 2, d("0.5")), Ok(1));
        // No deal is worth more than the largest one in the account's own
        // currency, whatever it is written in.
        assert_eq!(
            base_minor(MAX_VALUE_MINOR, 2, Decimal::ONE),
            Ok(MAX_BASE_MINOR)
        );
        assert_eq!(
            base_minor(MAX_VALUE_MINOR, 2, MAX_RATE),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            base_minor(MAX_VALUE_MINOR, 0, MAX_RATE),
            Err(MoneyError::TooLarge)
        );
        // 1,500 CLP at 0.0213 = 31.95 MXN; base units keep the centavos of
        // a peso account's 1,500 CLP too.
        assert_eq!(base_minor(1_500, 0, d("0.0213")), Ok(3_195));
        assert_eq!(base_minor(1_500, 0, Decimal::ONE), Ok(150_000));
        // 1.234 KWD at 56.1 = 69.2274 MXN, to the centavo.
        assert_eq!(base_minor(1_234, 3, d("56.1")), Ok(6_923));
        assert_eq!(from_base(150_000), d("1500.00"));
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn exact_conversion_both_ways() {
        assert_eq!(to_minor(d("12345.67"), 2), Ok(1_234_567));
        assert_eq!(to_minor(d("0"), 2), Ok(0));
        assert_eq!(to_minor(d("0.10"), 2), Ok(10));
        assert_eq!(to_minor(d("5.000"), 2), Ok(500));
        assert_eq!(to_minor(d("999999999999.99"), 2), Ok(MAX_VALUE_MINOR));
        assert_eq!(from_minor(1_234_567, 2), d("12345.67"));
        assert_eq!(from_minor(1_234_567, 2).to_string(), "12345.67");
        assert_eq!(to_minor(d("1500"), 0), Ok(1_500));
        assert_eq!(to_minor(d("1500.00"), 0), Ok(1_500));
        assert_eq!(from_minor(1_500, 0).to_string(), "1500");
        assert_eq!(to_minor(d("1.234"), 3), Ok(1_234));
        assert_eq!(from_minor(1_230, 3).to_string(), "1.230");
    }

    #[test]
    fn refuses_inexact_or_out_of_range() {
        assert_eq!(to_minor(d("-0.01"), 2), Err(MoneyError::Negative));
        assert_eq!(to_minor(d("1.005"), 2), Err(MoneyError::TooManyDecimals));
        assert_eq!(to_minor(d("1500.5"), 0), Err(MoneyError::TooManyDecimals));
        assert_eq!(to_minor(d("1.0005"), 3), Err(MoneyError::TooManyDecimals));
        assert_eq!(
            to_minor(d("1000000000000.00"), 2),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            to_minor(d("79228162514264337593543950335"), 2),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(parse_minor("abc", 2), Err(MoneyError::Malformed));
        assert_eq!(parse_minor("  ", 2), Err(MoneyError::Malformed));
        assert_eq!(parse_minor("$12,345.6", 2), Ok(1_234_560));
        assert_eq!(parse_minor("$12,345", 0), Ok(12_345));
        // Commas only as thousands separators: a decimal comma is refused,
        // never read as a number ten or a hundred times larger.
        assert_eq!(parse_minor("1,234,567.89", 2), Ok(123_456_789));
        assert_eq!(parse_minor("+1,000", 2), Ok(100_000));
        assert_eq!(parse_minor("$ 1,000 ", 2), Ok(100_000));
        assert_eq!(parse_minor("0.5", 2), Ok(50));
        assert_eq!(parse_minor(".50", 2), Ok(50));
        for text in [
            "1,5", "12,34.5", ",500", "1,5000", "1.5,0", "1,,000", "0,500", "1e5", "1_000", ".",
            "5.", "--5",
        ] {
            assert_eq!(parse_minor(text, 2), Err(MoneyError::Malformed), "{text}");
        }
        assert_eq!(parse_rate("17,5"), Err(MoneyError::Malformed));
        assert_eq!(
            parse_rate("1,017.25").map(|r| r.to_string()),
            Ok("1017.25".into())
        );
    }
}
