//! A nota de venta as the request that would invoice it (CFDI 4.0), in
//! the shape of a public invoicing API's "create invoice" call (Facturapi's
//! `POST /v2/invoices`): the customer with legal name, tax id, régimen and
//! postal code; one item per line with its SAT keys, quantity, unit price
//! before tax, the line's discount as an amount and its IVA; how it is paid
//! and the use of the invoice. No PAC is called: the request is for
//! whoever invoices, with the list of what is still missing.
//!
//! The customer's fiscal data and the SAT keys are read as they are now
//! (the customer gives them when asking for the invoice); the lines and
//! their amounts are the note's, frozen. Each item's amount before tax is
//! the note line's rounded subtotal: quantity × price, rounded half up to
//! the currency's minor unit, less the discount amount written; so the
//! invoice's taxes and totals are the note's.
use crate::domain::fiscal::{self, FOREIGN_REGIME, FOREIGN_USE};
use crate::domain::lines::IvaRate;
use crate::domain::money::{from_minor, minor_digits};
use crate::domain::products::ProductRow;
use crate::domain::sale_notes::{DEFAULT_METHOD, Missing, folio};
use crate::domain::sat::{self, capital_regime};
use crate::domain::tax_id::{self, MEXICO};
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::directory::db::OrganizationRow;
use crate::ssr::sale_notes::db::SaleNoteRow;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

/// An exact decimal written as a JSON number (`1234.50` stays so, never
/// through a float).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amount(pub Decimal);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// The request, with what it still lacks.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CfdiDraft {
    /// Nothing is missing: the request can be sent as it is.
    pub ready: bool,
    pub missing: Vec<Missing>,
    /// The note's totals, which the invoice's come to.
    pub totals: DraftTotals,
    pub invoice: InvoiceRequest,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DraftTotals {
    #[schema(value_type = f64)]
    pub subtotal: Amount,
    #[schema(value_type = f64)]
    pub iva: Amount,
    #[schema(value_type = f64)]
    pub total: Amount,
}

/// Facturapi's "create invoice" body (fields it leaves optional and
/// Embudo does not know are left out).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceRequest {
    pub customer: InvoiceCustomer,
    pub items: Vec<InvoiceItem>,
    /// c_UsoCFDI.
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub cfdi_use: Option<String>,
    /// c_FormaPago.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_form: Option<String>,
    /// c_MetodoPago.
    pub payment_method: String,
    pub currency: String,
    /// Pesos per unit of `currency` (not for MXN).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub exchange: Option<Amount>,
    /// `NV`, and the note's number: the invoice tells which note it bills.
    pub series: String,
    pub folio_number: i64,
    /// The note's folio, `NV-000123`.
    pub external_id: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    /// The RFC; for a customer abroad, their own country's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// c_RegimenFiscal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_system: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub address: InvoiceAddress,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// ISO 3166-1 alpha-3: `MEX`.
    pub country: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceItem {
    #[schema(value_type = f64)]
    pub quantity: Amount,
    /// The line's discount, an amount of the currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub discount: Option<Amount>,
    pub product: InvoiceProduct,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceProduct {
    pub description: String,
    /// c_ClaveProdServ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_key: Option<String>,
    /// c_ClaveUnidad.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_key: Option<String>,
    /// The unit price before tax.
    #[schema(value_type = f64)]
    pub price: Amount,
    /// Always false: prices are before IVA.
    pub tax_included: bool,
    /// c_ObjetoImp: `02`, subject to tax.
    pub taxability: String,
    pub taxes: Vec<InvoiceTax>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvoiceTax {
    /// `IVA`.
    #[serde(rename = "type")]
    pub kind: String,
    /// 0.16, 0.08 or 0 (none when exempt).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub rate: Option<Amount>,
    /// `Tasa`, or `Exento`.
    pub factor: String,
}

/// What the request is made of: the note with its lines, its customer as
/// the account has them now (none: the note names no organization, or it
/// was deleted) and the catalogue products its lines came from.
pub struct Sources<'a> {
    pub note: &'a SaleNoteRow,
    pub lines: &'a [LineRow],
    pub customer: Option<&'a OrganizationRow>,
    pub products: &'a [ProductRow],
}

/// Collects what the request lacks.
#[derive(Default)]
struct Lacks(Vec<Missing>);

impl Lacks {
    fn add(&mut self, field: &str, code: &str) {
        self.0.push(Missing {
            field: field.into(),
            code: code.into(),
        });
    }

    /// `value`, or a `required` mark.
    fn need<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.add(field, "required");
        }
        value
    }
}

/// The customer part, and the use its invoice takes.
fn customer(
    lacks: &mut Lacks,
    note: &SaleNoteRow,
    org: Option<&OrganizationRow>,
) -> (InvoiceCustomer, Option<String>) {
    let Some(org) = org else {
        lacks.add("customer", "required");
        let nobody = InvoiceCustomer {
            legal_name: None,
            tax_id: None,
            tax_system: None,
            email: note.contact_email.clone(),
            address: InvoiceAddress {
                zip: None,
                country: "MEX".into(),
            },
        };
        return (nobody, lacks.need("use", note.cfdi_use.clone()));
    };
    let f = &org.fiscal;
    let nation = tax_id::country(&f.tax_country).or(tax_id::country(MEXICO));
    let mexican = nation.is_none_or(|c| c.is_mexico());
    let legal_name = lacks.need("customer.legal_name", f.legal_name.clone());
    if legal_name.as_deref().and_then(capital_regime).is_some() {
        lacks.add("customer.legal_name", "has_capital_regime");
    }
    let tax_id = lacks.need("customer.tax_id", org.tax_id.clone());
    // A customer abroad is the generic receptor: its régimen and use.
    let (tax_system, zip, cfdi_use) = if mexican {
        let system = lacks.need("customer.tax_system", f.tax_system.clone());
        let zip = lacks.need("customer.address.zip", f.tax_zip.clone());
        let cfdi_use = lacks.need("use", note.cfdi_use.clone().or(f.cfdi_use.clone()));
        (system, zip, cfdi_use)
    } else {
        let system = f.tax_system.clone().or(Some(FOREIGN_REGIME.into()));
        let cfdi_use = note.cfdi_use.clone().or(f.cfdi_use.clone());
        (
            system,
            f.tax_zip.clone(),
            cfdi_use.or(Some(FOREIGN_USE.into())),
        )
    };
    // What the data says against itself, as the organization's form says
    // it, under the request's names.
    for (field, code) in fiscal::conflicts(tax_id.as_deref(), f, cfdi_use.as_deref()) {
        let (field, code) = match (field, code) {
            ("tax_id", _) => ("customer.tax_id", "invalid"),
            ("tax_system", code) => ("customer.tax_system", code),
            ("tax_zip", code) => ("customer.address.zip", code),
            (_, code) => ("use", code),
        };
        lacks.add(field, code);
    }
    let c = InvoiceCustomer {
        legal_name,
        tax_id,
        tax_system,
        email: note.contact_email.clone().or(org.email.clone()),
        address: InvoiceAddress {
            zip,
            country: nation.map_or("MEX", |c| c.iso3).into(),
        },
    };
    (c, cfdi_use)
}

/// The taxes of a line of IVA `code`.
fn taxes(code: &str) -> Vec<InvoiceTax> {
    let iva = IvaRate::parse(code).unwrap_or_default();
    let (rate, factor) = match iva {
        IvaRate::Exempt => (None, "Exento"),
        rate => (Some(Amount(rate.rate())), "Tasa"),
    };
    vec![InvoiceTax {
        kind: "IVA".into(),
        rate,
        factor: factor.into(),
    }]
}

/// The item of the line `i` (0-based) of a note in `currency`.
fn item(
    lacks: &mut Lacks,
    i: usize,
    line: &LineRow,
    products: &[ProductRow],
    currency: &str,
) -> InvoiceItem {
    let digits = minor_digits(currency);
    let product = line
        .product_id
        .and_then(|id| products.iter().find(|p| p.id == id));
    let field = |name: &str| format!("items[{i}].product.{name}");
    // A free-text line (or one whose product was deleted) has no keys.
    let (product_key, unit_key) = match product {
        None => {
            lacks.add(&field("product_key"), "free_text");
            (None, None)
        }
        Some(p) => (
            lacks.need(&field("product_key"), p.sat_product_key.clone()),
            lacks.need(&field("unit_key"), p.sat_unit_key.clone()),
        ),
    };
    if product_key
        .as_deref()
        .is_some_and(|k| !sat::is_product_key(k))
    {
        lacks.add(&field("product_key"), "invalid");
    }
    if unit_key.as_deref().is_some_and(|k| !sat::is_unit_key(k)) {
        lacks.add(&field("unit_key"), "invalid");
    }
    let quantity = Decimal::new(line.quantity_milli, 3).normalize();
    let price = from_minor(line.unit_price_minor, digits);
    let gross =
        (quantity * price).round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero);
    let discount = gross - from_minor(line.subtotal_minor, digits);
    InvoiceItem {
        quantity: Amount(quantity),
        discount: (!discount.is_zero()).then_some(Amount(discount)),
        product: InvoiceProduct {
            description: line.description.clone(),
            product_key,
            unit_key,
            price: Amount(price),
            tax_included: false,
            taxability: "02".into(),
            taxes: taxes(&line.iva),
            sku: line.sku.clone(),
        },
    }
}

/// The request that would invoice the note, and what it lacks.
pub fn draft(s: Sources<'_>) -> CfdiDraft {
    let mut lacks = Lacks::default();
    let note = s.note;
    let (customer, cfdi_use) = customer(&mut lacks, note, s.customer);
    let items = s
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| item(&mut lacks, i, line, s.products, &note.currency))
        .collect();
    let payment_method = note
        .payment_method
        .clone()
        .unwrap_or_else(|| DEFAULT_METHOD.to_string());
    let payment_form = lacks.need("payment_form", note.payment_form.clone());
    let exchange = (note.currency != "MXN").then(|| {
        let rate = crate::domain::money::parse_rate(&note.exchange_rate).ok();
        if rate.is_none() {
            lacks.add("exchange", "invalid");
        }
        Amount(rate.unwrap_or(Decimal::ONE))
    });
    let digits = minor_digits(&note.currency);
    let money = |minor: i64| Amount(from_minor(minor, digits));
    CfdiDraft {
        ready: lacks.0.is_empty(),
        totals: DraftTotals {
            subtotal: money(note.subtotal_minor),
            iva: money(note.iva_minor),
            total: money(note.total_minor),
        },
        missing: lacks.0,
        invoice: InvoiceRequest {
            customer,
            items,
            cfdi_use,
            payment_form,
            payment_method,
            currency: note.currency.clone(),
            exchange,
            series: "NV".into(),
            folio_number: note.folio,
            external_id: folio(note.folio),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::Fiscal;

    fn note() -> SaleNoteRow {
        SaleNoteRow {
            id: 7,
            deal_id: 1,
            deal_key: "T-1".into(),
            deal_title: "Papel".into(),
            quote_id: None,
            quote_folio: None,
            owner_id: 1,
            folio: 12,
            organization_id: Some(3),
            contact_id: None,
            customer_name: Some("Papelería Central".into()),
            customer_tax_id: Some("PCE010203AB1".into()),
            customer_address: None,
            contact_name: None,
            contact_email: Some("compras@papeleria.mx".into()),
            currency: "MXN".into(),
            exchange_rate: "1".into(),
            notes: None,
            subtotal_minor: 0,
            iva_minor: 0,
            total_minor: 0,
            created_at: 0,
            payment_form: Some("03".into()),
            payment_method: None,
            cfdi_use: None,
        }
    }

    fn org(fiscal: Fiscal, tax_id: &str) -> OrganizationRow {
        OrganizationRow {
            id: 3,
            name: "Papelería Central".into(),
            tax_id: Some(tax_id.into()),
            phone: None,
            email: None,
            address: None,
            lifecycle: "cliente".into(),
            owner_id: Some(1),
            fiscal,
        }
    }

    fn company() -> Fiscal {
        Fiscal {
            legal_name: Some("PAPELERIA CENTRAL".into()),
            tax_system: Some("601".into()),
            tax_zip: Some("06600".into()),
            cfdi_use: Some("G03".into()),
            ..Fiscal::default()
        }
    }

    fn product(id: i64, key: Option<&str>) -> ProductRow {
        ProductRow {
            id,
            sku: format!("P-{id}"),
            name: "Resma".into(),
            description: None,
            unit_price_minor: 0,
            currency: "MXN".into(),
            iva: "16".into(),
            sat_product_key: key.map(Into::into),
            sat_unit_key: Some("H87".into()),
            active: true,
        }
    }

    fn line(
        product_id: Option<i64>,
        qty_milli: i64,
        price: i64,
        subtotal: i64,
        iva: &str,
    ) -> LineRow {
        LineRow {
            product_id,
            sku: product_id.map(|id| format!("P-{id}")),
            description: "Resma carta".into(),
            quantity_milli: qty_milli,
            unit_price_minor: price,
            discount_bp: 0,
            iva: iva.into(),
            subtotal_minor: subtotal,
            iva_minor: 0,
            total_minor: 0,
        }
    }

    #[test]
    fn a_complete_note_is_a_ready_request_with_exact_amounts() {
        let mut n = note();
        n.subtotal_minor = 123_457;
        n.iva_minor = 19_753;
        n.total_minor = 143_210;
        // 2.5 × $549.99 = 1,374.975 → 1,374.98, less 10 %: 1,237.48.
        let lines = [
            line(Some(1), 2_500, 54_999, 123_748, "16"),
            line(Some(1), 1_000, 10_000, 10_000, "exempt"),
        ];
        let o = org(company(), "PCE010203AB1");
        let products = [product(1, Some("14111507"))];
        let d = draft(Sources {
            note: &n,
            lines: &lines,
            customer: Some(&o),
            products: &products,
        });
        assert_eq!(d.missing, []);
        assert!(d.ready);
        let json = serde_json::to_value(&d).unwrap();
        let inv = &json["invoice"];
        assert_eq!(inv["customer"]["legal_name"], "PAPELERIA CENTRAL");
        assert_eq!(inv["customer"]["tax_system"], "601");
        assert_eq!(inv["customer"]["address"]["zip"], "06600");
        assert_eq!(inv["customer"]["address"]["country"], "MEX");
        assert_eq!(inv["use"], "G03");
        assert_eq!(inv["payment_form"], "03");
        assert_eq!(inv["payment_method"], "PUE");
        assert_eq!(inv["series"], "NV");
        assert_eq!(inv["folio_number"], 12);
        assert_eq!(inv["external_id"], "NV-000012");
        assert!(inv.get("exchange").is_none());
        let text = serde_json::to_string(&d).unwrap();
        assert!(
            text.contains(r#""quantity":2.5,"discount":137.50"#),
            "{text}"
        );
        assert!(text.contains(r#""price":549.99"#), "{text}");
        assert!(text.contains(r#""taxes":[{"type":"IVA","rate":0.16,"factor":"Tasa"}]"#));
        assert!(text.contains(r#""taxes":[{"type":"IVA","factor":"Exento"}]"#));
        assert!(text.contains(r#""subtotal":1234.57"#), "{text}");
        assert_eq!(inv["items"][1].get("discount"), None);
    }

    #[test]
    fn what_is_missing_is_listed_by_the_requests_field() {
        let mut n = note();
        n.payment_form = None;
        n.currency = "USD".into();
        n.exchange_rate = "abc".into();
        let fiscal = Fiscal {
            legal_name: Some("Papelería Central S.A. de C.V.".into()),
            tax_system: Some("605".into()),
            ..Fiscal::default()
        };
        let o = org(fiscal, "PCE010203AB1");
        let lines = [
            line(None, 1_000, 100, 100, "16"),
            line(Some(2), 1_000, 100, 100, "8"),
        ];
        let products = [product(2, None)];
        let d = draft(Sources {
            note: &n,
            lines: &lines,
            customer: Some(&o),
            products: &products,
        });
        let found: Vec<String> = d
            .missing
            .iter()
            .map(|m| format!("{}:{}", m.field, m.code))
            .collect();
        assert_eq!(
            found,
            [
                "customer.legal_name:has_capital_regime",
                "customer.address.zip:required",
                "use:required",
                "customer.tax_system:not_for_tax_id",
                "items[0].product.product_key:free_text",
                "items[1].product.product_key:required",
                "payment_form:required",
                "exchange:invalid",
            ]
        );
        assert!(!d.ready);
    }

    #[test]
    fn a_customer_abroad_takes_the_generic_receptors_regime_and_use() {
        let fiscal = Fiscal {
            legal_name: Some("Importadora Andina".into()),
            tax_country: "CO".into(),
            ..Fiscal::default()
        };
        let o = org(fiscal, "900123456-8");
        let n = note();
        let d = draft(Sources {
            note: &n,
            lines: &[],
            customer: Some(&o),
            products: &[],
        });
        assert_eq!(d.missing, []);
        let c = &d.invoice.customer;
        assert_eq!(c.address.country, "COL");
        assert_eq!(c.tax_system.as_deref(), Some("616"));
        assert_eq!(d.invoice.cfdi_use.as_deref(), Some("S01"));
        let none = draft(Sources {
            note: &n,
            lines: &[],
            customer: None,
            products: &[],
        });
        assert_eq!(none.missing[0].field, "customer");
    }
}
