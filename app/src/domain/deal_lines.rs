//! A deal's lines (its "Productos" section): a line as the section's
//! editor or a REST body sends it, the checks that need no database, and
//! the lines as the deal page shows them. What a line comes to is
//! [`crate::domain::lines`]'s, computed on the server only: the editor
//! shows the server's figures, never its own.
use crate::domain::lines::{
    DISCOUNT_DIGITS, IvaRate, Line, QUANTITY_DIGITS, parse_discount, parse_quantity,
};
use crate::domain::money::{minor_digits, parse_minor};
use crate::domain::validate::has_control;
use crate::error::Problems;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The most lines a deal has.
pub const MAX_LINES: usize = 200;
/// The longest description of a line.
pub const MAX_LINE_DESCRIPTION: usize = 1000;

/// Whose lines an editor edits: a deal's, or a draft quote's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinesOf {
    Deal(i64),
    Quote(i64),
}

/// One line as typed: every field text, as the form has it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    /// A product of the catalogue (its id), or empty: free text.
    #[serde(default)]
    pub product_id: String,
    /// Empty with a product: the product's name.
    #[serde(default)]
    pub description: String,
    /// More than 0, up to 3 decimals; empty: 1.
    #[serde(default)]
    pub quantity: String,
    /// In the deal's currency; empty with a product of that currency: the
    /// product's price.
    #[serde(default)]
    pub unit_price: String,
    /// In percent, 0 to 100, up to 2 decimals; empty: none.
    #[serde(default)]
    pub discount: String,
    /// `16`, `8`, `0` or `exempt`; empty: the product's, or 16.
    #[serde(default)]
    pub iva: String,
}

/// A line whose text was read; what the product fills in is still open.
#[derive(Clone, Debug, PartialEq)]
pub struct LineDraft {
    pub product_id: Option<i64>,
    pub description: Option<String>,
    pub quantity: Decimal,
    pub unit_price_minor: Option<i64>,
    pub discount_percent: Decimal,
    pub iva: Option<IvaRate>,
}

/// A line ready to store: its product (and that product's SKU) if any.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedLine {
    pub product_id: Option<i64>,
    pub sku: Option<String>,
    pub description: String,
    pub line: Line,
}

/// The name of field `field` of line `index` in a problem: `lines.3.quantity`.
pub fn line_field(index: usize, field: &str) -> String {
    format!("lines.{index}.{field}")
}

/// Reads every line of `inputs` for a deal in `currency`, each problem
/// into `p` under its line's field name (more than [`MAX_LINES`]:
/// `lines` `too_many`).
pub fn read(inputs: &[LineInput], currency: &str, p: &mut Problems) -> Vec<LineDraft> {
    if inputs.len() > MAX_LINES {
        p.add("lines", "too_many");
        return vec![];
    }
    let digits = minor_digits(currency);
    let mut drafts = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let f = |name: &str| line_field(i, name);
        let product_id = p.id(&f("product_id"), Some(&input.product_id));
        let description = p.optional_text(
            &f("description"),
            Some(&input.description),
            MAX_LINE_DESCRIPTION,
        );
        if description.is_none() && product_id.is_none() && !p.failed(&f("product_id")) {
            p.add(&f("description"), "required");
        }
        if description.as_ref().is_some_and(|d| has_control(d)) {
            p.add(&f("description"), "invalid");
        }
        let quantity = match input.quantity.trim() {
            "" => Decimal::ONE,
            text => parse_quantity(text).unwrap_or_else(|e| {
                p.add(&f("quantity"), e.code());
                Decimal::ONE
            }),
        };
        let unit_price_minor = match input.unit_price.trim() {
            "" if product_id.is_some() => None,
            "" => {
                p.add(&f("unit_price"), "required");
                None
            }
            text => parse_minor(text, digits)
                .map_err(|e| p.add(&f("unit_price"), e.code()))
                .ok(),
        };
        let discount_percent = parse_discount(&input.discount).unwrap_or_else(|e| {
            p.add(&f("discount"), e.code());
            Decimal::ZERO
        });
        let iva = p.word(&f("iva"), Some(&input.iva), IvaRate::parse);
        drafts.push(LineDraft {
            product_id,
            description,
            quantity,
            unit_price_minor,
            discount_percent,
            iva,
        });
    }
    drafts
}

/// A quantity as stored: thousandths.
pub fn quantity_milli(q: Decimal) -> i64 {
    i64::try_from((q * Decimal::from(1000)).trunc()).unwrap_or(i64::MAX)
}

/// A stored quantity (thousandths) back as a decimal.
pub fn quantity_of(milli: i64) -> Decimal {
    Decimal::new(milli, QUANTITY_DIGITS).normalize()
}

/// A discount as stored: hundredths of a percent.
pub fn discount_bp(d: Decimal) -> i64 {
    i64::try_from((d * Decimal::ONE_HUNDRED).trunc()).unwrap_or(0)
}

/// A stored discount (hundredths of a percent) back as a decimal.
pub fn discount_of(bp: i64) -> Decimal {
    Decimal::new(bp, DISCOUNT_DIGITS).normalize()
}

/// One line as the deal page shows it: the text its editor starts from,
/// and what it comes to, written in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineView {
    pub input: LineInput,
    pub sku: Option<String>,
    pub figures: LineFigures,
}

/// What a line comes to, as the reader writes money.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFigures {
    pub unit_price: String,
    pub subtotal: String,
    pub iva: String,
    pub total: String,
}

/// A deal's lines and what they come to (the server's figures): the page's
/// section, and the editor's answer to each change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LinesView {
    pub lines: Vec<LineView>,
    pub subtotal: String,
    pub iva: String,
    pub total: String,
    /// Whether the deal's value is its lines' subtotal.
    pub value_from_lines: bool,
    /// The deal's currency, which every line is in.
    pub currency: String,
}

/// A catalogue product as the line editor offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductChoice {
    pub id: i64,
    /// `SKU · name`: what the seller picks.
    pub label: String,
    pub name: String,
    /// Its price in the deal's currency as typed (`1250.00`), or empty
    /// when the product is priced in another currency.
    pub unit_price: String,
    pub iva: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(product: &str, description: &str, q: &str, price: &str) -> LineInput {
        LineInput {
            product_id: product.into(),
            description: description.into(),
            quantity: q.into(),
            unit_price: price.into(),
            ..LineInput::default()
        }
    }

    #[test]
    fn lines_are_read_with_every_problem_named_by_line_and_field() {
        let mut p = Problems::default();
        let drafts = read(
            &[
                input("", "Instalación", "1.5", "1,250.50"),
                input("7", "", "", ""),
                input("", "", "0", "12.345"),
                LineInput {
                    discount: "101".into(),
                    iva: "15".into(),
                    ..input("x", "Otro", "2", "3")
                },
            ],
            "MXN",
            &mut p,
        );
        assert_eq!(drafts.len(), 4);
        assert_eq!(drafts[0].quantity, Decimal::new(15, 1));
        assert_eq!(drafts[0].unit_price_minor, Some(125_050));
        assert_eq!(drafts[0].iva, None);
        // A product may bring its name, price and rate; the quantity is 1.
        assert_eq!(
            (
                drafts[1].product_id,
                drafts[1].quantity,
                drafts[1].unit_price_minor
            ),
            (Some(7), Decimal::ONE, None)
        );
        let problems: Vec<(String, String)> = p
            .list()
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect();
        let want = [
            ("lines.2.description", "required"),
            ("lines.2.quantity", "negative"),
            ("lines.2.unit_price", "too_many_decimals"),
            ("lines.3.product_id", "invalid"),
            ("lines.3.discount", "too_large"),
            ("lines.3.iva", "invalid"),
        ];
        assert_eq!(problems, want.map(|(f, c)| (f.to_string(), c.to_string())));
        // CLP has no centavos.
        let mut p = Problems::default();
        read(&[input("", "Caja", "1", "10.5")], "CLP", &mut p);
        assert_eq!(p.list()[0].field, "lines.0.unit_price");
        let mut p = Problems::default();
        let many = vec![input("", "x", "1", "1"); MAX_LINES + 1];
        assert!(read(&many, "MXN", &mut p).is_empty());
        assert_eq!(p.list()[0].field, "lines");
    }

    #[test]
    fn quantities_and_discounts_are_stored_exactly() {
        for text in ["1", "1.5", "0.001", "1000000", "2.125"] {
            let q: Decimal = text.parse().unwrap();
            assert_eq!(quantity_of(quantity_milli(q)), q, "{text}");
        }
        for text in ["0", "12.5", "100", "0.01"] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(discount_of(discount_bp(d)), d, "{text}");
        }
        assert_eq!(quantity_milli(Decimal::new(1125, 3)), 1125);
        assert_eq!(discount_bp(Decimal::new(125, 1)), 1250);
    }
}
