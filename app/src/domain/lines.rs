//! A line of a deal or of a document (a product or free text) — quantity,
//! unit price, discount and IVA — and what it comes to, exactly.
//!
//! The one rounding step: a line's subtotal (quantity × unit price, less
//! its discount) is rounded half up to the currency's minor unit; its IVA
//! is the rounded subtotal × the rate, rounded the same way; its total is
//! the two added. A document's subtotal, IVA and total are the sums of its
//! lines' rounded figures, so they always add up, and they are what CFDI
//! 4.0 states (taxes per concept, the totals their sums).
use crate::domain::money::{MAX_VALUE_MINOR, MoneyError, parse_decimal};
use rust_decimal::{Decimal, RoundingStrategy};

/// The IVA rates of Mexico a line may carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IvaRate {
    /// 16 %, the general rate.
    #[default]
    General,
    /// 8 %, the northern and southern border regions.
    Border,
    /// 0 % (taxed at zero: food, medicine, exports).
    Zero,
    /// Exempt (not taxed at all; CFDI tells it from 0 %).
    Exempt,
}

impl IvaRate {
    pub const ALL: [IvaRate; 4] = [
        IvaRate::General,
        IvaRate::Border,
        IvaRate::Zero,
        IvaRate::Exempt,
    ];

    /// The rate as a fraction: 0.16, 0.08, 0, 0.
    pub fn rate(self) -> Decimal {
        match self {
            IvaRate::General => Decimal::new(16, 2),
            IvaRate::Border => Decimal::new(8, 2),
            IvaRate::Zero | IvaRate::Exempt => Decimal::ZERO,
        }
    }

    /// Its word in storage, forms and the API: `16`, `8`, `0`, `exempt`.
    pub fn code(self) -> &'static str {
        match self {
            IvaRate::General => "16",
            IvaRate::Border => "8",
            IvaRate::Zero => "0",
            IvaRate::Exempt => "exempt",
        }
    }

    /// The rate named by its code (`exento` too).
    pub fn parse(word: &str) -> Option<IvaRate> {
        match word.trim() {
            "exento" => Some(IvaRate::Exempt),
            w => Self::ALL.into_iter().find(|r| r.code() == w),
        }
    }
}

/// Digits a quantity may have after the point (1.125 kg).
pub const QUANTITY_DIGITS: u32 = 3;
/// The largest quantity of one line.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// Digits a discount may have after the point (12.5 %).
pub const DISCOUNT_DIGITS: u32 = 2;

/// A quantity as typed: more than 0, at most [`MAX_QUANTITY`], at most
/// [`QUANTITY_DIGITS`] decimals.
pub fn parse_quantity(text: &str) -> Result<Decimal, MoneyError> {
    let q = parse_decimal(text, QUANTITY_DIGITS)?;
    if q <= Decimal::ZERO {
        return Err(MoneyError::Negative);
    }
    if q > Decimal::from(MAX_QUANTITY) {
        return Err(MoneyError::TooLarge);
    }
    Ok(q)
}

/// A discount in percent as typed (empty: none): 0 to 100, at most
/// [`DISCOUNT_DIGITS`] decimals.
pub fn parse_discount(text: &str) -> Result<Decimal, MoneyError> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let d = parse_decimal(text, DISCOUNT_DIGITS)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(MoneyError::Negative);
    }
    if d > Decimal::ONE_HUNDRED {
        return Err(MoneyError::TooLarge);
    }
    Ok(d)
}

/// One line, checked: a quantity, a unit price in minor units of the
/// document's currency, a discount in percent and its IVA.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    pub quantity: Decimal,
    pub unit_price_minor: i64,
    pub discount_percent: Decimal,
    pub iva: IvaRate,
}

/// What a line, or a whole document, comes to, in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Before tax, after discounts.
    pub subtotal_minor: i64,
    pub iva_minor: i64,
    pub total_minor: i64,
}

/// Half up to a whole number of minor units.
fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// A whole number of minor units no larger than [`MAX_VALUE_MINOR`].
fn minor(value: Decimal) -> Result<i64, MoneyError> {
    i64::try_from(value)
        .ok()
        .filter(|m| *m <= MAX_VALUE_MINOR)
        .ok_or(MoneyError::TooLarge)
}

impl Line {
    /// What the line comes to (see the module: the one rounding step); a
    /// line whose total would pass [`MAX_VALUE_MINOR`] is too large.
    pub fn totals(&self) -> Result<Totals, MoneyError> {
        let gross = self.quantity * Decimal::from(self.unit_price_minor);
        let kept = (Decimal::ONE_HUNDRED - self.discount_percent) / Decimal::ONE_HUNDRED;
        let subtotal = round(gross * kept);
        let iva = round(subtotal * self.iva.rate());
        Ok(Totals {
            subtotal_minor: minor(subtotal)?,
            iva_minor: minor(iva)?,
            total_minor: minor(subtotal + iva)?,
        })
    }
}

/// A document's totals: the sums of its lines' (see the module); more than
/// [`MAX_VALUE_MINOR`] in all is too large.
pub fn document(lines: &[Line]) -> Result<Totals, MoneyError> {
    let mut sum = Totals::default();
    for line in lines {
        let t = line.totals()?;
        let add = |a: i64, b: i64| {
            a.checked_add(b)
                .filter(|s| *s <= MAX_VALUE_MINOR)
                .ok_or(MoneyError::TooLarge)
        };
        sum = Totals {
            subtotal_minor: add(sum.subtotal_minor, t.subtotal_minor)?,
            iva_minor: add(sum.iva_minor, t.iva_minor)?,
            total_minor: add(sum.total_minor, t.total_minor)?,
        };
    }
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn line(quantity: &str, unit_price_minor: i64, discount: &str, iva: IvaRate) -> Line {
        Line {
            quantity: d(quantity),
            unit_price_minor,
            discount_percent: d(discount),
            iva,
        }
    }

    #[test]
    fn each_line_rounds_once_half_up() {
        use IvaRate::*;
        // (quantity, unit price in minor units, discount %, rate) →
        // (subtotal, IVA, total) in minor units.
        for (q, price, discount, iva, expected) in [
            // 2 × $1,250.00 at 16 %.
            ("2", 125_000, "0", General, (250_000, 40_000, 290_000)),
            // 3 × $33.33, 10 % off: 8,999.1 → 8,999; IVA 1,439.84 → 1,440.
            ("3", 3_333, "10", General, (8_999, 1_440, 10_439)),
            // 1.125 kg × $80.00 at 8 %: 9,000; IVA 720.
            ("1.125", 8_000, "0", Border, (9_000, 720, 9_720)),
            // 0.333 × $1.50: 49.95 → 50 (half up); IVA 8.
            ("0.333", 150, "0", General, (50, 8, 58)),
            // Half a minor unit rounds up: 0.5 × 1 centavo.
            ("0.5", 1, "0", Zero, (1, 0, 1)),
            // 12.5 % off $100.00 at 0 % and exempt: no IVA.
            ("1", 10_000, "12.5", Zero, (8_750, 0, 8_750)),
            ("1", 10_000, "12.5", Exempt, (8_750, 0, 8_750)),
            // 100 % off: nothing.
            ("4", 99_999, "100", General, (0, 0, 0)),
            // CLP has no minor digits: the same arithmetic in whole pesos.
            ("3", 1_999, "0", General, (5_997, 960, 6_957)),
        ] {
            let t = line(q, price, discount, iva).totals().unwrap();
            assert_eq!(
                (t.subtotal_minor, t.iva_minor, t.total_minor),
                expected,
                "{q} × {price} − {discount} % at {}",
                iva.code()
            );
        }
    }

    #[test]
    fn a_document_is_the_sum_of_its_rounded_lines() {
        let lines = [
            line("3", 3_333, "10", IvaRate::General),
            line("0.333", 150, "0", IvaRate::General),
            line("1", 10_000, "12.5", IvaRate::Exempt),
        ];
        let t = document(&lines).unwrap();
        assert_eq!(
            (t.subtotal_minor, t.iva_minor, t.total_minor),
            (8_999 + 50 + 8_750, 1_440 + 8, 10_439 + 58 + 8_750)
        );
        assert_eq!(document(&[]).unwrap(), Totals::default());
        let huge = line(
            "1000000",
            MAX_VALUE_MINOR / 1_000_000,
            "0",
            IvaRate::General,
        );
        assert_eq!(huge.totals(), Err(MoneyError::TooLarge));
        let big = line("1", MAX_VALUE_MINOR / 2, "0", IvaRate::Zero);
        assert_eq!(document(&[big, big, big]), Err(MoneyError::TooLarge));
    }

    #[test]
    fn quantities_discounts_and_rates_are_read_strictly() {
        assert_eq!(parse_quantity("1,000.125"), Ok(d("1000.125")));
        assert_eq!(parse_quantity("0"), Err(MoneyError::Negative));
        assert_eq!(parse_quantity("-2"), Err(MoneyError::Negative));
        assert_eq!(parse_quantity("1.0005"), Err(MoneyError::TooManyDecimals));
        assert_eq!(parse_quantity("1000001"), Err(MoneyError::TooLarge));
        assert_eq!(parse_quantity("1,5"), Err(MoneyError::Malformed));
        assert_eq!(parse_discount(""), Ok(Decimal::ZERO));
        assert_eq!(parse_discount("12.5"), Ok(d("12.5")));
        assert_eq!(parse_discount("12.125"), Err(MoneyError::TooManyDecimals));
        assert_eq!(parse_discount("100.01"), Err(MoneyError::TooLarge));
        assert_eq!(parse_discount("-1"), Err(MoneyError::Negative));
        for rate in IvaRate::ALL {
            assert_eq!(IvaRate::parse(rate.code()), Some(rate));
        }
        assert_eq!(IvaRate::parse("exento"), Some(IvaRate::Exempt));
        assert_eq!(IvaRate::parse("15"), None);
    }

    fn any_line() -> impl Strategy<Value = Line> {
        (
            1_i64..=1_000_000_000,
            0_i64..=1_000_000,
            0_i64..=10_000,
            0_usize..4,
        )
            .prop_map(|(q, price, discount, rate)| Line {
                quantity: Decimal::new(q, QUANTITY_DIGITS),
                unit_price_minor: price,
                discount_percent: Decimal::new(discount, DISCOUNT_DIGITS),
                iva: IvaRate::ALL[rate],
            })
    }

    proptest! {
        /// A document's figures are the sums of its lines', each line is
        /// within half a minor unit of its exact value, and its total is
        /// its subtotal plus its IVA.
        #[test]
        fn totals_add_up(lines in prop::collection::vec(any_line(), 0..50)) {
            let doc = document(&lines).unwrap();
            let mut sums = (0, 0, 0);
            for l in &lines {
                let t = l.totals().unwrap();
                prop_assert_eq!(t.total_minor, t.subtotal_minor + t.iva_minor);
                let exact = l.quantity * Decimal::from(l.unit_price_minor)
                    * (Decimal::ONE_HUNDRED - l.discount_percent) / Decimal::ONE_HUNDRED;
                prop_assert!((Decimal::from(t.subtotal_minor) - exact).abs() <= Decimal::new(5, 1));
                let exact_iva = Decimal::from(t.subtotal_minor) * l.iva.rate();
                prop_assert!((Decimal::from(t.iva_minor) - exact_iva).abs() <= Decimal::new(5, 1));
                sums = (sums.0 + t.subtotal_minor, sums.1 + t.iva_minor, sums.2 + t.total_minor);
            }
            prop_assert_eq!((doc.subtotal_minor, doc.iva_minor, doc.total_minor), sums);
        }
    }
}
