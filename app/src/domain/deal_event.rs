//! A deal's history (bitácora): one immutable event per change, written in
//! the change's transaction. Stored as a `kind` word and a JSON `data`
//! object of its particulars (ids and minor units, never names or
//! formatted text, so the history reads right after a rename).
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum DealEvent {
    Created {
        stage_id: i64,
    },
    StageChanged {
        from: i64,
        to: i64,
    },
    Won {},
    Lost {
        reason_id: i64,
    },
    Reopened {},
    /// In minor units of the deal's currency before and after the change
    /// (events written before the currencies were recorded have none: the
    /// deal's currency then).
    ValueChanged {
        from: i64,
        to: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_currency: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_currency: Option<String>,
    },
    OwnerChanged {
        from: i64,
        to: i64,
    },
    TitleChanged {
        from: String,
        to: String,
    },
    /// `rate`: the new exchange rate to the account's currency, as typed.
    CurrencyChanged {
        from: String,
        to: String,
        rate: String,
    },
    /// `YYYY-MM-DD`, or none.
    CloseDateChanged {
        from: Option<String>,
        to: Option<String>,
    },
    /// Organization ids (none: no organization).
    OrganizationChanged {
        from: Option<i64>,
        to: Option<i64>,
    },
    /// Contact ids.
    ContactChanged {
        from: Option<i64>,
        to: Option<i64>,
    },
    DescriptionChanged {},
    PriorityChanged {
        from: Option<String>,
        to: Option<String>,
    },
    SourceChanged {
        from: Option<String>,
        to: Option<String>,
    },
    /// The lines were saved: how many, their subtotal and total (minor
    /// units of the deal's currency, `currency`), and whether the value
    /// follows them; `value_from`: the value before, when the lines
    /// changed it (to the subtotal).
    LinesChanged {
        count: i64,
        currency: String,
        subtotal_minor: i64,
        total_minor: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value_from: Option<i64>,
        value_from_lines: bool,
    },
    /// A quote of the deal was created, sent, accepted, rejected or
    /// cancelled: which (its id and folio number) and its total then.
    QuoteCreated(QuoteFacts),
    QuoteSent(QuoteFacts),
    QuoteAccepted(QuoteFacts),
    QuoteRejected(QuoteFacts),
    QuoteCancelled(QuoteFacts),
    /// A nota de venta was issued: its id, folio number and total.
    SaleNoteIssued(SaleNoteFacts),
}

/// A nota de venta as a deal's history names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleNoteFacts {
    pub sale_note_id: i64,
    pub folio: i64,
    pub currency: String,
    pub total_minor: i64,
}

/// A quote as a deal's history names it: its id, folio number, currency
/// and total (minor units); `customer`: the name the customer gave when
/// they answered through their link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteFacts {
    pub quote_id: i64,
    pub folio: i64,
    pub currency: String,
    pub total_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
}

impl DealEvent {
    /// The stored `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            DealEvent::Created { .. } => "created",
            DealEvent::StageChanged { .. } => "stage_changed",
            DealEvent::Won {} => "won",
            DealEvent::Lost { .. } => "lost",
            DealEvent::Reopened {} => "reopened",
            DealEvent::ValueChanged { .. } => "value_changed",
            DealEvent::OwnerChanged { .. } => "owner_changed",
            DealEvent::TitleChanged { .. } => "title_changed",
            DealEvent::CurrencyChanged { .. } => "currency_changed",
            DealEvent::CloseDateChanged { .. } => "close_date_changed",
            DealEvent::OrganizationChanged { .. } => "organization_changed",
            DealEvent::ContactChanged { .. } => "contact_changed",
            DealEvent::DescriptionChanged {} => "description_changed",
            DealEvent::PriorityChanged { .. } => "priority_changed",
            DealEvent::SourceChanged { .. } => "source_changed",
            DealEvent::LinesChanged { .. } => "lines_changed",
            DealEvent::QuoteCreated(_) => "quote_created",
            DealEvent::QuoteSent(_) => "quote_sent",
            DealEvent::QuoteAccepted(_) => "quote_accepted",
            DealEvent::QuoteRejected(_) => "quote_rejected",
            DealEvent::QuoteCancelled(_) => "quote_cancelled",
            DealEvent::SaleNoteIssued(_) => "sale_note_issued",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn every_event_keeps_its_stored_shape() {
        let cases = [
            (DealEvent::Created { stage_id: 4 }, json!({"stage_id": 4})),
            (
                DealEvent::StageChanged { from: 1, to: 2 },
                json!({"from": 1, "to": 2}),
            ),
            (DealEvent::Won {}, json!({})),
            (DealEvent::Lost { reason_id: 7 }, json!({"reason_id": 7})),
            (DealEvent::Reopened {}, json!({})),
            (
                DealEvent::ValueChanged {
                    from: 100,
                    to: 250_050,
                    from_currency: Some("USD".into()),
                    to_currency: Some("MXN".into()),
                },
                json!({"from": 100, "to": 250_050, "from_currency": "USD", "to_currency": "MXN"}),
            ),
            (
                DealEvent::OwnerChanged { from: 3, to: 5 },
                json!({"from": 3, "to": 5}),
            ),
            (
                DealEvent::OrganizationChanged {
                    from: None,
                    to: Some(8),
                },
                json!({"from": null, "to": 8}),
            ),
            (
                DealEvent::ContactChanged {
                    from: Some(2),
                    to: None,
                },
                json!({"from": 2, "to": null}),
            ),
            (DealEvent::DescriptionChanged {}, json!({})),
            (
                DealEvent::PriorityChanged {
                    from: None,
                    to: Some("alta".into()),
                },
                json!({"from": null, "to": "alta"}),
            ),
            (
                DealEvent::SourceChanged {
                    from: Some("Sitio web".into()),
                    to: Some("Referido".into()),
                },
                json!({"from": "Sitio web", "to": "Referido"}),
            ),
            (
                DealEvent::TitleChanged {
                    from: "Licencias".into(),
                    to: "Licencias 2027".into(),
                },
                json!({"from": "Licencias", "to": "Licencias 2027"}),
            ),
            (
                DealEvent::CurrencyChanged {
                    from: "MXN".into(),
                    to: "USD".into(),
                    rate: "17.25".into(),
                },
                json!({"from": "MXN", "to": "USD", "rate": "17.25"}),
            ),
            (
                DealEvent::CloseDateChanged {
                    from: None,
                    to: Some("2026-12-31".into()),
                },
                json!({"from": null, "to": "2026-12-31"}),
            ),
            (
                DealEvent::LinesChanged {
                    count: 3,
                    currency: "MXN".into(),
                    subtotal_minor: 250_000,
                    total_minor: 290_000,
                    value_from: Some(100_000),
                    value_from_lines: true,
                },
                json!({"count": 3, "currency": "MXN", "subtotal_minor": 250_000, "total_minor": 290_000,
                       "value_from": 100_000, "value_from_lines": true}),
            ),
            (
                DealEvent::QuoteSent(QuoteFacts {
                    quote_id: 9,
                    folio: 123,
                    currency: "MXN".into(),
                    total_minor: 4_340_600,
                    customer: None,
                }),
                json!({"quote_id": 9, "folio": 123, "currency": "MXN", "total_minor": 4_340_600}),
            ),
        ];
        for (event, data) in cases {
            let stored = serde_json::to_value(&event).unwrap();
            assert_eq!(stored, json!({"kind": event.kind(), "data": data}));
            let read: DealEvent = serde_json::from_value(stored).unwrap();
            assert_eq!(read, event);
        }
    }

    #[test]
    fn an_unknown_kind_or_shape_is_not_an_event() {
        let read = |kind: &str, data: Value| {
            serde_json::from_value::<DealEvent>(json!({"kind": kind, "data": data})).ok()
        };
        assert_eq!(read("won", json!({})), Some(DealEvent::Won {}));
        assert_eq!(read("merged", json!({})), None);
        assert_eq!(read("lost", json!({"reason": 1})), None);
        assert_eq!(read("value_changed", json!({"from": "1", "to": 2})), None);
        // Written before events named their currencies.
        assert_eq!(
            read("value_changed", json!({"from": 1, "to": 2})),
            Some(DealEvent::ValueChanged {
                from: 1,
                to: 2,
                from_currency: None,
                to_currency: None
            })
        );
    }
}
