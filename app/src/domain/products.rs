//! The account's product catalogue (`/crm/productos`): what a line of a
//! deal or a document takes its description, unit price and IVA from. A
//! product as sent by its form, a REST body or a CSV row, the checks of its
//! fields that need no database, and the product as its pages show it. The
//! service checks what needs the account (a SKU already taken).
use crate::domain::directory::ListPages;
use crate::domain::lines::IvaRate;
use crate::domain::money::{CURRENCIES, minor_digits, parse_minor};
use crate::domain::records::record_input;
use crate::error::Problems;
use serde::{Deserialize, Serialize};

/// The longest SKU.
pub const SKU_MAX: usize = 40;
/// Products listed per page.
pub const PRODUCTS_PAGE: i64 = 50;
/// The catalogue list's status filter: `active`, `inactive` (none: all).
pub const STATUSES: [&str; 2] = ["active", "inactive"];

record_input! {
    /// A product as sent.
    pub struct ProductInput {
        /// Letters, digits and `-_./`; unique in the account, any case.
        pub sku,
        pub name,
        pub description,
        /// In the product's currency, as typed (`1,250.50`).
        pub unit_price,
        /// ISO 4217; empty: the account's.
        pub currency,
        /// `16`, `8`, `0` or `exempt`; empty: 16.
        pub iva,
        /// SAT ClaveProdServ: 8 digits.
        pub sat_product_key,
        /// SAT ClaveUnidad: 1 to 3 letters or digits (H87, E48, KGM).
        pub sat_unit_key,
        /// `true` or `false` (`sí`/`no`, `1`/`0`); empty: true.
        pub active,
    }
}

/// A product's fields, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductFields {
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub unit_price_minor: i64,
    pub currency: String,
    pub iva: IvaRate,
    pub sat_product_key: Option<String>,
    pub sat_unit_key: Option<String>,
    pub active: bool,
}

/// The status filter of a list (`active`, `inactive`; empty: all) as
/// whether the products listed are active; another word is a problem.
pub fn status_filter(p: &mut Problems, raw: Option<&str>) -> Option<bool> {
    match raw.map(str::trim).unwrap_or("") {
        "" => None,
        s if STATUSES.contains(&s) => Some(s == "active"),
        _ => {
            p.add("status", "invalid");
            None
        }
    }
}

/// A yes or no as a form, a body or a spreadsheet writes it.
pub fn parse_flag(word: &str) -> Option<bool> {
    match word.trim().to_lowercase().as_str() {
        "true" | "1" | "sí" | "si" | "yes" | "activo" => Some(true),
        "false" | "0" | "no" | "inactivo" => Some(false),
        _ => None,
    }
}

/// Whether `sku` is made of letters, digits and `-_./` only.
fn is_sku(sku: &str) -> bool {
    sku.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

impl ProductInput {
    /// Every field, each problem into `p`; the currency defaults to the
    /// account's (`account_currency`).
    pub fn check(&self, p: &mut Problems, account_currency: &str) -> ProductFields {
        let sku = p.required_text("sku", self.sku.as_deref(), SKU_MAX);
        if !sku.is_empty() && !p.failed("sku") && !is_sku(&sku) {
            p.add("sku", "invalid");
        }
        let name = p.required_text("name", self.name.as_deref(), 200);
        let description = p.optional_text("description", self.description.as_deref(), 1000);
        let currency = match self.currency.as_deref().map(str::trim) {
            None | Some("") => account_currency.to_string(),
            Some(code) => code.to_uppercase(),
        };
        if !CURRENCIES.contains(&currency.as_str()) {
            p.add("currency", "invalid");
        }
        let price = self.unit_price.as_deref().unwrap_or("").trim();
        let unit_price_minor = if price.is_empty() {
            p.add("unit_price", "required");
            0
        } else {
            parse_minor(price, minor_digits(&currency)).unwrap_or_else(|e| {
                p.add("unit_price", e.code());
                0
            })
        };
        let iva = p
            .word("iva", self.iva.as_deref(), IvaRate::parse)
            .unwrap_or_default();
        let sat_product_key = p
            .optional_text("sat_product_key", self.sat_product_key.as_deref(), 8)
            .filter(|k| {
                let ok = k.len() == 8 && k.chars().all(|c| c.is_ascii_digit());
                if !ok {
                    p.add("sat_product_key", "invalid");
                }
                ok
            });
        let sat_unit_key = p
            .optional_text("sat_unit_key", self.sat_unit_key.as_deref(), 3)
            .map(|k| k.to_uppercase())
            .filter(|k| {
                let ok = k.chars().all(|c| c.is_ascii_alphanumeric());
                if !ok {
                    p.add("sat_unit_key", "invalid");
                }
                ok
            });
        let active = p
            .word("active", self.active.as_deref(), parse_flag)
            .unwrap_or(true);
        ProductFields {
            sku,
            name,
            description,
            unit_price_minor,
            currency,
            iva,
            sat_product_key,
            sat_unit_key,
            active,
        }
    }
}

/// One product as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub unit_price_minor: i64,
    pub currency: String,
    /// An [`IvaRate`] code.
    pub iva: String,
    pub sat_product_key: Option<String>,
    pub sat_unit_key: Option<String>,
    pub active: bool,
}

impl ProductRow {
    /// The product as its form shows it: the price in its currency's
    /// units, without grouping.
    pub fn input(&self) -> ProductInput {
        let price = crate::domain::money::major(self.unit_price_minor, &self.currency);
        ProductInput {
            sku: Some(self.sku.clone()),
            name: Some(self.name.clone()),
            description: self.description.clone(),
            unit_price: Some(price.to_string()),
            currency: Some(self.currency.clone()),
            iva: Some(self.iva.clone()),
            sat_product_key: self.sat_product_key.clone(),
            sat_unit_key: self.sat_unit_key.clone(),
            active: Some(self.active.to_string()),
        }
    }
}

/// A product as a page shows it: stored, with its price written for the
/// viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductView {
    pub product: ProductRow,
    /// `$1,250.50 MXN`, in the viewer's format.
    pub price: String,
}

/// The query string of `/crm/productos` (`?q=&status=`, `after=`/`before=`
/// from the pager), as typed: the server checks every value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// A page of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub rows: Vec<ProductView>,
    pub pages: ListPages,
    /// May the viewer add and change products.
    pub may_edit: bool,
    /// The account's currency, a new product's.
    pub currency: String,
}

/// One product's page (`/crm/productos/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub view: ProductView,
    pub may_edit: bool,
    pub history: Vec<crate::domain::directory::RecordChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(p: &Problems) -> Vec<(&str, &str)> {
        p.list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_product_is_read_with_its_defaults() {
        let input = ProductInput {
            sku: Some(" PAP-001 ".into()),
            name: Some("Papel bond carta".into()),
            unit_price: Some("$1,250.50".into()),
            sat_unit_key: Some("h87".into()),
            sat_product_key: Some("14111507".into()),
            ..ProductInput::default()
        };
        let mut p = Problems::default();
        let f = input.check(&mut p, "MXN");
        assert_eq!(problems(&p), []);
        assert_eq!(f.sku, "PAP-001");
        assert_eq!(f.unit_price_minor, 125_050);
        assert_eq!(f.currency, "MXN");
        assert_eq!(f.iva, IvaRate::General);
        assert_eq!(f.sat_unit_key.as_deref(), Some("H87"));
        assert!(f.active);
    }

    #[test]
    fn the_price_follows_its_currency() {
        let input = ProductInput {
            sku: Some("X1".into()),
            name: Some("Servicio".into()),
            unit_price: Some("1500".into()),
            currency: Some("clp".into()),
            iva: Some("exento".into()),
            active: Some("no".into()),
            ..ProductInput::default()
        };
        let mut p = Problems::default();
        let f = input.check(&mut p, "MXN");
        assert_eq!(problems(&p), []);
        assert_eq!((f.unit_price_minor, f.currency.as_str()), (1500, "CLP"));
        assert_eq!(f.iva, IvaRate::Exempt);
        assert!(!f.active);
        let cents = ProductInput {
            unit_price: Some("1500.5".into()),
            ..input
        };
        let mut p = Problems::default();
        cents.check(&mut p, "MXN");
        assert_eq!(problems(&p), [("unit_price", "too_many_decimals")]);
    }

    #[test]
    fn every_bad_field_is_named_once() {
        let input = ProductInput {
            sku: Some("papel bond".into()),
            name: Some(" ".into()),
            description: Some("d".repeat(1001)),
            unit_price: Some("-3".into()),
            currency: Some("XYZ".into()),
            iva: Some("15".into()),
            sat_product_key: Some("1411150".into()),
            sat_unit_key: Some("H-7".into()),
            active: Some("quizá".into()),
        };
        let mut p = Problems::default();
        input.check(&mut p, "MXN");
        assert_eq!(
            problems(&p),
            [
                ("sku", "invalid"),
                ("name", "required"),
                ("description", "too_long"),
                ("currency", "invalid"),
                ("unit_price", "negative"),
                ("iva", "invalid"),
                ("sat_product_key", "invalid"),
                ("sat_unit_key", "invalid"),
                ("active", "invalid"),
            ]
        );
        let mut p = Problems::default();
        ProductInput::default().check(&mut p, "MXN");
        assert_eq!(
            problems(&p),
            [
                ("sku", "required"),
                ("name", "required"),
                ("unit_price", "required")
            ]
        );
    }

    #[test]
    fn a_stored_product_reads_back_as_it_was_sent() {
        let row = ProductRow {
            id: 1,
            sku: "A-1".into(),
            name: "Tóner".into(),
            description: None,
            unit_price_minor: 99_900,
            currency: "MXN".into(),
            iva: "8".into(),
            sat_product_key: None,
            sat_unit_key: Some("H87".into()),
            active: false,
        };
        let mut p = Problems::default();
        let f = row.input().check(&mut p, "USD");
        assert_eq!(problems(&p), []);
        assert_eq!(
            (f.unit_price_minor, f.iva, f.active, f.currency.as_str()),
            (99_900, IvaRate::Border, false, "MXN")
        );
    }
}
