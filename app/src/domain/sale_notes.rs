//! Notas de venta: what was sold, issued from an accepted quote (one per
//! quote) or from a won deal's lines, with the account's next folio
//! (`NV-000123`, never given twice). A note is frozen from the moment it is
//! issued: its lines, totals and customer data are a copy that later edits
//! of the deal, the quote, the catalogue or the customer never change.
use crate::domain::deal_lines::LinesView;
use crate::domain::quotes::QuoteCustomer;
use serde::{Deserialize, Serialize};

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

/// One note's page (`/crm/notas/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaleNotePage {
    pub summary: SaleNoteSummary,
    pub customer: QuoteCustomer,
    pub lines: LinesView,
    pub notes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folio_has_six_digits_at_least() {
        assert_eq!(folio(1), "NV-000001");
        assert_eq!(folio(123_456), "NV-123456");
        assert_eq!(folio(1_234_567), "NV-1234567");
    }
}
