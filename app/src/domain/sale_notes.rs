//! Notas de venta: what was sold, issued from an accepted quote (one per
//! quote) or from a won deal's lines, with the account's next folio
//! (`NV-000123`, never given twice). A note is frozen from the moment it is
//! issued: its lines, totals and customer data are a copy that later edits
//! of the deal, the quote, the catalogue or the customer never change.
//!
//! How a note is paid and the use of its invoice are set later, when the
//! customer asks for the factura (CFDI): they are not part of what was
//! sold, so they stay editable.
use crate::domain::deal_lines::LinesView;
use crate::domain::quotes::QuoteCustomer;
use crate::domain::records::record_input;
use crate::domain::sat::{self, FORM_TO_BE_DEFINED, PAYMENT_FORMS, PAYMENT_METHODS};
use crate::error::Problems;
use serde::{Deserialize, Serialize};

/// The payment method of a note that names none: paid at once.
pub const DEFAULT_METHOD: &str = "PUE";

record_input! {
    /// A note's invoicing choices as sent.
    pub struct BillingInput {
        /// c_FormaPago.
        pub payment_form,
        /// c_MetodoPago; empty: PUE.
        pub payment_method,
        /// c_UsoCFDI; empty: its customer's usual one.
        pub cfdi_use,
    }
}

/// A note's invoicing choices, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Billing {
    pub payment_form: Option<String>,
    pub payment_method: String,
    pub cfdi_use: Option<String>,
}

impl From<&Billing> for BillingInput {
    fn from(b: &Billing) -> BillingInput {
        BillingInput {
            payment_form: b.payment_form.clone(),
            payment_method: Some(b.payment_method.clone()),
            cfdi_use: b.cfdi_use.clone(),
        }
    }
}

impl BillingInput {
    /// The choices, each a code of its catalogue; a deferred payment (PPD)
    /// has its form to be defined (99), and one paid at once (PUE) a real
    /// one (`payment_form` `not_for_method`).
    pub fn check(&self, p: &mut Problems) -> Billing {
        let listed = |catalogue: &[(&str, &str)], code: &str| {
            sat::listed(catalogue, code).then(|| code.to_string())
        };
        let form = self.payment_form.as_deref();
        let payment_form = p.word("payment_form", form, |c| listed(&PAYMENT_FORMS, c));
        let method = self.payment_method.as_deref();
        let payment_method = p
            .word("payment_method", method, |c| listed(&PAYMENT_METHODS, c))
            .unwrap_or_else(|| DEFAULT_METHOD.to_string());
        let cfdi_use = p.word("cfdi_use", self.cfdi_use.as_deref(), |c| {
            sat::use_of(c).map(|u| u.code.to_string())
        });
        if let Some(form) = payment_form.as_deref()
            && (form == FORM_TO_BE_DEFINED) != (payment_method == "PPD")
        {
            p.add("payment_form", "not_for_method");
        }
        Billing {
            payment_form,
            payment_method,
            cfdi_use,
        }
    }
}

/// A folio as shown: `NV-000123`.
pub fn folio(number: i64) -> String {
    format!("NV-{number:06}")
}

/// One note in a list (a deal's), written for the viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaleNoteSummary {
    pub id: i64,
    pub folio: String,
    pub deal_key: String,
    pub deal_title: String,
    pub customer: Option<String>,
    /// `$43,406.00`.
    pub total: String,
    /// dd/mm/aaaa hh:mm.
    pub issued: String,
    /// The quote it came from (its id and folio), if any.
    pub quote: Option<(i64, String)>,
}

/// What an invoice of a note still lacks: a field of the invoice request
/// (`customer.tax_system`, `items[1].product.product_key`) and why
/// (`required`, `invalid`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Missing {
    pub field: String,
    pub code: String,
}

/// One note's page (`/crm/notas/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaleNotePage {
    pub summary: SaleNoteSummary,
    pub customer: QuoteCustomer,
    pub lines: LinesView,
    pub notes: Option<String>,
    /// How it is paid and the use of its invoice, as stored (none: the
    /// customer's usual use).
    pub billing: Billing,
    /// The use its invoice takes: its own, or its customer's usual one.
    pub cfdi_use: Option<String>,
    /// What its invoice still lacks (empty: it can be invoiced).
    pub missing: Vec<Missing>,
    /// May the viewer change its billing choices.
    pub may_edit: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(input: BillingInput) -> (Billing, Vec<(String, String)>) {
        let mut p = Problems::default();
        let b = input.check(&mut p);
        let list = p
            .list()
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect();
        (b, list)
    }

    #[test]
    fn billing_choices_are_codes_of_their_catalogues() {
        let (b, found) = problems(BillingInput::default());
        assert_eq!(found, []);
        assert_eq!(b.payment_method, "PUE");
        assert_eq!(b.payment_form, None);
        let (b, found) = problems(BillingInput {
            payment_form: Some("03".into()),
            cfdi_use: Some(" G03 ".into()),
            ..BillingInput::default()
        });
        assert_eq!(found, []);
        assert_eq!(b.cfdi_use.as_deref(), Some("G03"));
        let (_, found) = problems(BillingInput {
            payment_form: Some("07".into()),
            payment_method: Some("PPX".into()),
            cfdi_use: Some("CN01".into()),
        });
        let codes = |f: &[(String, String)]| {
            f.iter()
                .map(|(a, b)| format!("{a}:{b}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&found),
            [
                "payment_form:invalid",
                "payment_method:invalid",
                "cfdi_use:invalid"
            ]
        );
    }

    #[test]
    fn a_deferred_payment_has_its_form_to_be_defined() {
        let sent = |form: &str, method: &str| BillingInput {
            payment_form: Some(form.into()),
            payment_method: Some(method.into()),
            ..BillingInput::default()
        };
        assert_eq!(problems(sent("99", "PPD")).1, []);
        assert_eq!(problems(sent("28", "PUE")).1, []);
        let refused = vec![("payment_form".to_string(), "not_for_method".to_string())];
        assert_eq!(problems(sent("03", "PPD")).1, refused);
        assert_eq!(problems(sent("99", "PUE")).1, refused);
    }

    #[test]
    fn a_folio_has_six_digits_at_least() {
        assert_eq!(folio(1), "NV-000001");
        assert_eq!(folio(123_456), "NV-123456");
        assert_eq!(folio(1_234_567), "NV-1234567");
    }
}
