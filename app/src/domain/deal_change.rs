//! What each change does to a deal: the state machine (open → won or lost,
//! and back by reopening), the value bounds, and the history events a
//! change produces. Pure: the db layer loads the deal and the facts a
//! change needs, calls [`transition`], and stores what it answers.
use crate::domain::deal_event::DealEvent;
use crate::domain::deal_status::DealStatus;
use crate::domain::lines::Totals;
use crate::domain::money::{MAX_VALUE_MINOR, base_minor, minor_digits};
use crate::error::AppError;
use rust_decimal::Decimal;

/// Longest deal title, in characters.
pub const MAX_TITLE: usize = 200;

/// A rule a change breaks: the field it names and a stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub field: &'static str,
    pub code: &'static str,
}

const fn refuse(field: &'static str, code: &'static str) -> Refusal {
    Refusal { field, code }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        AppError::field(r.field, r.code)
    }
}

/// The currency of a deal's value and its exchange rate to the account's
/// currency (1 for the account's own).
#[derive(Clone, Debug, PartialEq)]
pub struct DealCurrency {
    pub code: String,
    pub rate: Decimal,
}

impl DealCurrency {
    /// `value_minor` of this currency in base units (hundredths of the
    /// account's currency).
    /// More than [`crate::domain::money::MAX_BASE_MINOR`] is refused.
    pub fn base_minor(&self, value_minor: i64) -> Result<i64, Refusal> {
        base_minor(value_minor, minor_digits(&self.code), self.rate)
            .map_err(|e| refuse("value", e.code()))
    }
}

/// A deal as its rules see it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealState {
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub position: f64,
    pub owner_id: i64,
    pub title: String,
    pub value_minor: i64,
    pub currency: DealCurrency,
    /// The value in the account's currency.
    pub base_value_minor: i64,
    /// `YYYY-MM-DD`.
    pub expected_close_date: Option<String>,
    pub created_at: i64,
    pub stage_entered_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
    pub customer: DealCustomer,
    /// Whether the value is its lines' subtotal (and so not typed).
    pub value_from_lines: bool,
}

/// Who a deal is for and how it came: its organization and contact,
/// description, priority and source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealCustomer {
    pub organization_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub description: Option<String>,
    /// A [`crate::domain::activities::Priority`]'s stored word.
    pub priority: Option<String>,
    pub source: Option<String>,
}

impl DealCustomer {
    /// The history events of going from `self` to `to`, one per field.
    fn changes(&self, to: &DealCustomer) -> Vec<DealEvent> {
        let mut events = vec![];
        if self.organization_id != to.organization_id {
            events.push(DealEvent::OrganizationChanged {
                from: self.organization_id,
                to: to.organization_id,
            });
        }
        if self.contact_id != to.contact_id {
            events.push(DealEvent::ContactChanged {
                from: self.contact_id,
                to: to.contact_id,
            });
        }
        if self.description != to.description {
            events.push(DealEvent::DescriptionChanged {});
        }
        if self.priority != to.priority {
            events.push(DealEvent::PriorityChanged {
                from: self.priority.clone(),
                to: to.priority.clone(),
            });
        }
        if self.source != to.source {
            events.push(DealEvent::SourceChanged {
                from: self.source.clone(),
                to: to.source.clone(),
            });
        }
        events
    }
}

impl DealState {
    pub fn status(&self) -> DealStatus {
        DealStatus::of(self.won_at, self.lost_at)
    }
}

/// What the edit form sets on a deal (its text already checked).
#[derive(Clone, Debug, PartialEq)]
pub struct DealEdit {
    pub title: String,
    pub value_minor: i64,
    pub currency: DealCurrency,
    pub stage_id: i64,
    pub owner_id: i64,
    /// `YYYY-MM-DD`.
    pub expected_close_date: Option<String>,
    pub customer: DealCustomer,
}

/// One change to an existing deal.
#[derive(Clone, Debug, PartialEq)]
pub enum DealChange {
    /// To a stage (of any pipeline of the account; the same one to reorder)
    /// at a board position (see [`crate::domain::placement`]).
    Move {
        stage_id: i64,
        position: f64,
    },
    Win(Closing),
    Lose {
        reason_id: i64,
    },
    /// Back to open: the closing date and reason are cleared.
    Reopen,
    /// One field alone (the dashboard's property test drives the
    /// aggregates through these).
    SetValue {
        value_minor: i64,
    },
    SetOwner {
        owner_id: i64,
    },
    /// The edit form: every field at once, one event per field changed.
    Edit(DealEdit),
    /// Its lines were saved (see [`LinesChange`]).
    Lines(LinesChange),
}

/// How a deal is won, as the seller says: on which local day (its first
/// instant and the next day's, UTC ms; none: now) and for what final value
/// (as typed, in the deal's currency; none: its value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closing {
    pub day: Option<(i64, i64)>,
    pub value: Option<String>,
}

/// The instant a deal won on the local day `start..end` is closed at: now
/// on today, else midday (never before it was created); a day after today
/// or before its creation's day is refused.
fn closed_at(start: i64, end: i64, now: i64, created_at: i64) -> Result<i64, Refusal> {
    if start > now {
        return Err(refuse("won_on", "future"));
    }
    if end <= created_at {
        return Err(refuse("won_on", "before_created"));
    }
    if now < end {
        return Ok(now.max(created_at));
    }
    Ok((start + 12 * 3_600_000).clamp(created_at.max(start), end - 1))
}

/// A deal's lines as saved: how many, what they come to, whether they
/// differ from the stored ones, and whether the deal's value is to follow
/// their subtotal (before tax).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinesChange {
    pub count: i64,
    pub totals: Totals,
    pub changed: bool,
    pub value_from_lines: bool,
}

/// Where a change takes a deal that leaves its stage, as the db layer
/// found it: the new stage's pipeline and, for an edit (a move brings its
/// own position), the end of its column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Destination {
    pub pipeline_id: i64,
    pub end_position: Option<f64>,
}

/// A change's outcome: the deal after it and its history events (none for
/// a reorder within a column).
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    pub after: DealState,
    pub events: Vec<DealEvent>,
    /// False for an edit that changed nothing: nothing is written, and the
    /// version stays.
    pub writes: bool,
}

fn value_in_bounds(value_minor: i64) -> Result<(), Refusal> {
    if (0..=MAX_VALUE_MINOR).contains(&value_minor) {
        Ok(())
    } else {
        Err(refuse("value", "out_of_range"))
    }
}

/// What `change` at instant `now` does to `before`. `to` is where a change
/// of stage leads (a move, or an edit naming another stage); it is required
/// then and ignored otherwise.
pub fn transition(
    before: &DealState,
    change: &DealChange,
    to: Option<Destination>,
    now: i64,
) -> Result<Transition, Refusal> {
    let mut after = before.clone();
    let open = before.status().is_open();
    // A deal is never closed before it was created (imports may bring
    // creation dates in the future of the server's clock).
    let closing = now.max(before.created_at);
    let leaving = |stage_id: i64| stage_id != before.stage_id;
    let destination = || to.ok_or(refuse("stage_id", "not_found"));
    let mut events = vec![];
    match change {
        DealChange::Move { stage_id, position } => {
            if !position.is_finite() {
                return Err(refuse("position", "invalid"));
            }
            after.position = *position;
            if leaving(*stage_id) {
                after.pipeline_id = destination()?.pipeline_id;
                after.stage_id = *stage_id;
                after.stage_entered_at = now;
                events.push(DealEvent::StageChanged {
                    from: before.stage_id,
                    to: *stage_id,
                });
            }
        }
        DealChange::Win(_) | DealChange::Lose { .. } if !open => {
            return Err(refuse("status", "not_open"));
        }
        DealChange::Win(c) => {
            let at = match c.day {
                None => closing,
                Some((start, end)) => closed_at(start, end, now, before.created_at)?,
            };
            let typed = c.value.as_deref().map(str::trim).filter(|v| !v.is_empty());
            if let Some(typed) = typed {
                let digits = crate::domain::money::minor_digits(&before.currency.code);
                let value = crate::domain::money::parse_minor(typed, digits)
                    .map_err(|e| refuse("value", e.code()))?;
                if value != before.value_minor {
                    value_in_bounds(value)?;
                    // A value that follows the lines is changed by them alone.
                    if before.value_from_lines {
                        return Err(refuse("value", "from_lines"));
                    }
                    after.value_minor = value;
                    after.base_value_minor = before.currency.base_minor(value)?;
                    events.push(DealEvent::ValueChanged {
                        from: before.value_minor,
                        to: value,
                        from_currency: Some(before.currency.code.clone()),
                        to_currency: Some(before.currency.code.clone()),
                    });
                }
            }
            after.won_at = Some(at);
            events.push(DealEvent::Won {});
        }
        DealChange::Lose { reason_id } => {
            after.lost_at = Some(closing);
            after.lost_reason_id = Some(*reason_id);
            events.push(DealEvent::Lost {
                reason_id: *reason_id,
            });
        }
        DealChange::Reopen if open => return Err(refuse("status", "already_open")),
        DealChange::Reopen => {
            after.won_at = None;
            after.lost_at = None;
            after.lost_reason_id = None;
            events.push(DealEvent::Reopened {});
        }
        DealChange::SetValue { value_minor } => {
            value_in_bounds(*value_minor)?;
            after.value_minor = *value_minor;
            after.base_value_minor = before.currency.base_minor(*value_minor)?;
            events.push(DealEvent::ValueChanged {
                from: before.value_minor,
                to: *value_minor,
                from_currency: Some(before.currency.code.clone()),
                to_currency: Some(before.currency.code.clone()),
            });
        }
        DealChange::SetOwner { owner_id } => {
            after.owner_id = *owner_id;
            events.push(DealEvent::OwnerChanged {
                from: before.owner_id,
                to: *owner_id,
            });
        }
        DealChange::Lines(l) => {
            after.value_from_lines = l.value_from_lines;
            let value_from = (l.value_from_lines && l.totals.subtotal_minor != before.value_minor)
                .then_some(before.value_minor);
            if value_from.is_some() {
                value_in_bounds(l.totals.subtotal_minor)?;
                after.value_minor = l.totals.subtotal_minor;
                after.base_value_minor = before.currency.base_minor(after.value_minor)?;
            }
            if !l.changed && value_from.is_none() && l.value_from_lines == before.value_from_lines {
                return Ok(Transition {
                    after: before.clone(),
                    events,
                    writes: false,
                });
            }
            events.push(DealEvent::LinesChanged {
                count: l.count,
                currency: before.currency.code.clone(),
                subtotal_minor: l.totals.subtotal_minor,
                total_minor: l.totals.total_minor,
                value_from,
                value_from_lines: l.value_from_lines,
            });
        }
        DealChange::Edit(e) => {
            value_in_bounds(e.value_minor)?;
            // A value that follows the lines is changed by them alone.
            if before.value_from_lines && e.value_minor != before.value_minor {
                return Err(refuse("value", "from_lines"));
            }
            if leaving(e.stage_id) {
                if !open {
                    return Err(refuse("stage_id", "closed"));
                }
                let to = destination()?;
                if to.pipeline_id != before.pipeline_id {
                    return Err(refuse("stage_id", "other_pipeline"));
                }
                after.stage_id = e.stage_id;
                after.stage_entered_at = now;
                after.position = to.end_position.ok_or(refuse("position", "invalid"))?;
                events.push(DealEvent::StageChanged {
                    from: before.stage_id,
                    to: e.stage_id,
                });
            }
            if e.owner_id != before.owner_id {
                after.owner_id = e.owner_id;
                events.push(DealEvent::OwnerChanged {
                    from: before.owner_id,
                    to: e.owner_id,
                });
            }
            if e.currency != before.currency {
                if !open {
                    return Err(refuse("currency", "closed"));
                }
                after.currency = e.currency.clone();
                events.push(DealEvent::CurrencyChanged {
                    from: before.currency.code.clone(),
                    to: e.currency.code.clone(),
                    rate: e.currency.rate.to_string(),
                });
            }
            after.value_minor = e.value_minor;
            // Kept as stored unless value or currency change (a deal saved
            // before the cap on base values stays editable).
            if e.value_minor != before.value_minor || e.currency != before.currency {
                after.base_value_minor = e.currency.base_minor(e.value_minor)?;
            }
            if e.value_minor != before.value_minor {
                events.push(DealEvent::ValueChanged {
                    from: before.value_minor,
                    to: e.value_minor,
                    from_currency: Some(before.currency.code.clone()),
                    to_currency: Some(e.currency.code.clone()),
                });
            }
            if e.title != before.title {
                after.title = e.title.clone();
                events.push(DealEvent::TitleChanged {
                    from: before.title.clone(),
                    to: e.title.clone(),
                });
            }
            if e.expected_close_date != before.expected_close_date {
                after.expected_close_date = e.expected_close_date.clone();
                events.push(DealEvent::CloseDateChanged {
                    from: before.expected_close_date.clone(),
                    to: e.expected_close_date.clone(),
                });
            }
            events.extend(before.customer.changes(&e.customer));
            after.customer = e.customer.clone();
            if events.is_empty() {
                return Ok(Transition {
                    after: before.clone(),
                    events,
                    writes: false,
                });
            }
        }
    }
    Ok(Transition {
        after,
        events,
        writes: true,
    })
}

/// A new deal as checked before it is stored: possibly already closed (an
/// import brings its history).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewDealFacts<'a> {
    pub title: &'a str,
    pub value_minor: i64,
    pub stage_id: i64,
    pub created_at: i64,
    pub won_at: Option<i64>,
    pub lost_at: Option<i64>,
    pub lost_reason_id: Option<i64>,
}

/// The rules a new deal keeps, and the history it starts with: created,
/// then won or lost when it comes closed. Answers its status.
pub fn creation(d: &NewDealFacts<'_>) -> Result<(DealStatus, Vec<(i64, DealEvent)>), Refusal> {
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(refuse("title", "length"));
    }
    value_in_bounds(d.value_minor)?;
    if d.won_at.is_some() && d.lost_at.is_some() {
        return Err(refuse("status", "won_and_lost"));
    }
    if d.won_at.or(d.lost_at).is_some_and(|t| t < d.created_at) {
        return Err(refuse("closed_at", "before_created_at"));
    }
    if d.lost_at.is_some() != d.lost_reason_id.is_some() {
        return Err(refuse("lost_reason_id", "required"));
    }
    let mut events = vec![(
        d.created_at,
        DealEvent::Created {
            stage_id: d.stage_id,
        },
    )];
    if let Some(at) = d.won_at {
        events.push((at, DealEvent::Won {}));
    }
    if let (Some(at), Some(reason_id)) = (d.lost_at, d.lost_reason_id) {
        events.push((at, DealEvent::Lost { reason_id }));
    }
    Ok((DealStatus::of(d.won_at, d.lost_at), events))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_700_000_000_000;
    const NOW: i64 = T0 + 86_400_000;

    fn open_deal() -> DealState {
        DealState {
            pipeline_id: 1,
            stage_id: 10,
            position: 1024.0,
            owner_id: 5,
            title: "Licencias".into(),
            value_minor: 100_000,
            currency: DealCurrency {
                code: "USD".into(),
                rate: Decimal::new(175, 1),
            },
            base_value_minor: 1_750_000,
            expected_close_date: None,
            created_at: T0,
            stage_entered_at: T0,
            won_at: None,
            lost_at: None,
            lost_reason_id: None,
            customer: DealCustomer::default(),
            value_from_lines: false,
        }
    }

    fn won_deal() -> DealState {
        DealState {
            won_at: Some(T0 + 1),
            ..open_deal()
        }
    }

    fn lost_deal() -> DealState {
        DealState {
            lost_at: Some(T0 + 1),
            lost_reason_id: Some(3),
            ..open_deal()
        }
    }

    const NEXT: Option<Destination> = Some(Destination {
        pipeline_id: 1,
        end_position: Some(4096.0),
    });
    const OTHER_PIPELINE: Option<Destination> = Some(Destination {
        pipeline_id: 2,
        end_position: Some(1024.0),
    });

    fn edit_of(d: &DealState) -> DealEdit {
        DealEdit {
            title: d.title.clone(),
            value_minor: d.value_minor,
            currency: d.currency.clone(),
            stage_id: d.stage_id,
            owner_id: d.owner_id,
            expected_close_date: d.expected_close_date.clone(),
            customer: d.customer.clone(),
        }
    }

    #[test]
    fn the_state_machine_opens_closes_and_reopens() {
        use DealChange::*;
        use DealStatus::*;
        // (deal, change) → status after, or the refusal.
        let cases: [(DealState, DealChange, Result<DealStatus, Refusal>); 9] = [
            (open_deal(), Win(Closing::default()), Ok(Won)),
            (open_deal(), Lose { reason_id: 3 }, Ok(Lost)),
            (open_deal(), Reopen, Err(refuse("status", "already_open"))),
            (
                won_deal(),
                Win(Closing::default()),
                Err(refuse("status", "not_open")),
            ),
            (
                won_deal(),
                Lose { reason_id: 3 },
                Err(refuse("status", "not_open")),
            ),
            (
                lost_deal(),
                Win(Closing::default()),
                Err(refuse("status", "not_open")),
            ),
            (won_deal(), Reopen, Ok(Open)),
            (lost_deal(), Reopen, Ok(Open)),
            (
                won_deal(),
                Edit(DealEdit {
                    value_minor: 5,
                    ..edit_of(&won_deal())
                }),
                Ok(Won),
            ),
        ];
        for (deal, change, want) in cases {
            let got = transition(&deal, &change, None, NOW).map(|t| t.after.status());
            assert_eq!(got, want, "{change:?} on {:?}", deal.status());
        }
    }

    #[test]
    fn closing_and_reopening_record_when_and_why() {
        let lost = transition(&open_deal(), &DealChange::Lose { reason_id: 3 }, None, NOW).unwrap();
        assert_eq!(lost.after.lost_at, Some(NOW));
        assert_eq!(lost.after.lost_reason_id, Some(3));
        assert_eq!(lost.events, [DealEvent::Lost { reason_id: 3 }]);
        let reopened = transition(&lost.after, &DealChange::Reopen, None, NOW + 1).unwrap();
        assert_eq!(reopened.after, open_deal());
        assert_eq!(reopened.events, [DealEvent::Reopened {}]);
        // A deal created "later" than the clock closes at its creation.
        let early = transition(
            &open_deal(),
            &DealChange::Win(Closing::default()),
            None,
            T0 - 5,
        )
        .unwrap();
        assert_eq!(early.after.won_at, Some(T0));
    }

    #[test]
    fn a_move_changes_stage_and_pipeline_or_only_the_place() {
        let reorder = DealChange::Move {
            stage_id: 10,
            position: 512.0,
        };
        let t = transition(&open_deal(), &reorder, None, NOW).unwrap();
        assert_eq!(t.after.position, 512.0);
        assert_eq!(t.after.stage_entered_at, T0);
        assert!(t.events.is_empty() && t.writes);
        let onward = DealChange::Move {
            stage_id: 20,
            position: 1.5,
        };
        let t = transition(&open_deal(), &onward, OTHER_PIPELINE, NOW).unwrap();
        assert_eq!(
            (t.after.stage_id, t.after.pipeline_id, t.after.position),
            (20, 2, 1.5)
        );
        assert_eq!(t.after.stage_entered_at, NOW);
        assert_eq!(t.events, [DealEvent::StageChanged { from: 10, to: 20 }]);
        // Closed deals move too (a stage that is deleted moves its deals).
        assert!(transition(&won_deal(), &onward, NEXT, NOW).is_ok());
        assert_eq!(
            transition(&open_deal(), &onward, None, NOW),
            Err(refuse("stage_id", "not_found"))
        );
        let nowhere = DealChange::Move {
            stage_id: 20,
            position: f64::NAN,
        };
        assert_eq!(
            transition(&open_deal(), &nowhere, NEXT, NOW),
            Err(refuse("position", "invalid"))
        );
    }

    #[test]
    fn saved_lines_may_carry_the_value_in_one_event() {
        let lines = |subtotal_minor: i64, changed: bool, value_from_lines: bool| {
            DealChange::Lines(LinesChange {
                count: 2,
                totals: Totals {
                    subtotal_minor,
                    iva_minor: subtotal_minor / 10,
                    total_minor: subtotal_minor + subtotal_minor / 10,
                },
                changed,
                value_from_lines,
            })
        };
        // The value follows: 2,000.00 USD at 17.5 is 35,000.00 MXN.
        let t = transition(&open_deal(), &lines(200_000, true, true), None, NOW).unwrap();
        assert_eq!(
            (
                t.after.value_minor,
                t.after.base_value_minor,
                t.after.value_from_lines
            ),
            (200_000, 3_500_000, true)
        );
        assert_eq!(
            t.events,
            [DealEvent::LinesChanged {
                count: 2,
                currency: "USD".into(),
                subtotal_minor: 200_000,
                total_minor: 220_000,
                value_from: Some(100_000),
                value_from_lines: true,
            }]
        );
        // Lines alone leave the value; nothing new writes nothing.
        let t = transition(&open_deal(), &lines(200_000, true, false), None, NOW).unwrap();
        assert_eq!((t.after.value_minor, t.events.len()), (100_000, 1));
        let t = transition(&open_deal(), &lines(200_000, false, false), None, NOW).unwrap();
        assert!(!t.writes && t.events.is_empty());
        // Then the form may not type another value.
        let following = DealState {
            value_from_lines: true,
            ..open_deal()
        };
        let typed = DealChange::Edit(DealEdit {
            value_minor: 5,
            ..edit_of(&following)
        });
        assert_eq!(
            transition(&following, &typed, None, NOW),
            Err(refuse("value", "from_lines"))
        );
        let same = DealChange::Edit(DealEdit {
            title: "Otro".into(),
            ..edit_of(&following)
        });
        assert!(transition(&following, &same, None, NOW).is_ok());
    }

    #[test]
    fn values_stay_in_bounds_and_follow_the_rate() {
        let value = |value_minor: i64| {
            DealChange::Edit(DealEdit {
                value_minor,
                ..edit_of(&open_deal())
            })
        };
        let t = transition(&open_deal(), &value(2), None, NOW).unwrap();
        // 0.02 USD at 17.5 = 0.35 MXN.
        assert_eq!((t.after.value_minor, t.after.base_value_minor), (2, 35));
        assert_eq!(
            t.events,
            [DealEvent::ValueChanged {
                from: 100_000,
                to: 2,
                from_currency: Some("USD".into()),
                to_currency: Some("USD".into()),
            }]
        );
        for bad in [-1, MAX_VALUE_MINOR + 1] {
            assert_eq!(
                transition(&open_deal(), &value(bad), None, NOW),
                Err(refuse("value", "out_of_range"))
            );
        }
        // The largest USD value at 17.5 is worth more than the largest
        // value in pesos: too large.
        assert_eq!(
            transition(&open_deal(), &value(MAX_VALUE_MINOR), None, NOW),
            Err(refuse("value", "too_large"))
        );
    }

    #[test]
    fn an_edit_keeps_the_stored_base_unless_value_or_currency_change() {
        // A deal saved before base values were capped.
        let before = DealState {
            value_minor: MAX_VALUE_MINOR,
            base_value_minor: i64::MAX / 2,
            ..open_deal()
        };
        let retitled = DealEdit {
            title: "Licencias 2028".into(),
            ..edit_of(&before)
        };
        let t = transition(&before, &DealChange::Edit(retitled), None, NOW).unwrap();
        assert_eq!(t.after.base_value_minor, i64::MAX / 2);
        let revalued = DealEdit {
            value_minor: MAX_VALUE_MINOR - 1,
            ..edit_of(&before)
        };
        assert_eq!(
            transition(&before, &DealChange::Edit(revalued), None, NOW),
            Err(refuse("value", "too_large"))
        );
    }

    #[test]
    fn an_edit_produces_one_event_per_changed_field_in_order() {
        let before = open_deal();
        let same = transition(&before, &DealChange::Edit(edit_of(&before)), None, NOW).unwrap();
        assert_eq!(same.after, before);
        assert!(same.events.is_empty() && !same.writes);

        let edit = DealEdit {
            title: "Licencias 2027".into(),
            value_minor: 200_000,
            currency: DealCurrency {
                code: "EUR".into(),
                rate: Decimal::new(20, 0),
            },
            stage_id: 11,
            owner_id: 6,
            expected_close_date: Some("2027-01-31".into()),
            customer: DealCustomer {
                organization_id: Some(8),
                contact_id: Some(9),
                description: Some("Renovación de 40 licencias".into()),
                priority: Some("alta".into()),
                source: Some("Referido".into()),
            },
        };
        let t = transition(&before, &DealChange::Edit(edit.clone()), NEXT, NOW).unwrap();
        let kinds: Vec<&str> = t.events.iter().map(DealEvent::kind).collect();
        assert_eq!(
            kinds,
            [
                "stage_changed",
                "owner_changed",
                "currency_changed",
                "value_changed",
                "title_changed",
                "close_date_changed",
                "organization_changed",
                "contact_changed",
                "description_changed",
                "priority_changed",
                "source_changed"
            ]
        );
        assert_eq!(t.after.position, 4096.0);
        assert_eq!(t.after.base_value_minor, 4_000_000);
        assert_eq!(t.after.title, "Licencias 2027");
        assert_eq!(t.after.customer, edit.customer);
        assert_eq!(
            t.events[6],
            DealEvent::OrganizationChanged {
                from: None,
                to: Some(8)
            }
        );
        // The customer alone is a change too, of a closed deal as well.
        let won = won_deal();
        let priority = DealEdit {
            customer: DealCustomer {
                priority: Some("baja".into()),
                ..DealCustomer::default()
            },
            ..edit_of(&won)
        };
        let t = transition(&won, &DealChange::Edit(priority), None, NOW).unwrap();
        assert!(t.writes);
        assert_eq!(
            t.events,
            [DealEvent::PriorityChanged {
                from: None,
                to: Some("baja".into())
            }]
        );
    }

    #[test]
    fn an_edit_keeps_a_closed_deal_where_it_closed() {
        let won = won_deal();
        let to_stage = DealEdit {
            stage_id: 11,
            ..edit_of(&won)
        };
        assert_eq!(
            transition(&won, &DealChange::Edit(to_stage), NEXT, NOW),
            Err(refuse("stage_id", "closed"))
        );
        let to_euros = DealEdit {
            currency: DealCurrency {
                code: "EUR".into(),
                rate: Decimal::ONE,
            },
            ..edit_of(&won)
        };
        assert_eq!(
            transition(&won, &DealChange::Edit(to_euros), None, NOW),
            Err(refuse("currency", "closed"))
        );
        let cheaper = DealEdit {
            value_minor: 1,
            ..edit_of(&won)
        };
        assert!(transition(&won, &DealChange::Edit(cheaper), None, NOW).is_ok());
        let elsewhere = DealEdit {
            stage_id: 30,
            ..edit_of(&open_deal())
        };
        assert_eq!(
            transition(
                &open_deal(),
                &DealChange::Edit(elsewhere),
                OTHER_PIPELINE,
                NOW
            ),
            Err(refuse("stage_id", "other_pipeline"))
        );
    }

    #[test]
    fn a_new_deal_starts_its_history_and_keeps_the_rules() {
        let new = NewDealFacts {
            title: " Licencias ",
            value_minor: 10,
            stage_id: 4,
            created_at: T0,
            won_at: None,
            lost_at: Some(T0 + 5),
            lost_reason_id: Some(2),
        };
        assert_eq!(
            creation(&new),
            Ok((
                DealStatus::Lost,
                vec![
                    (T0, DealEvent::Created { stage_id: 4 }),
                    (T0 + 5, DealEvent::Lost { reason_id: 2 })
                ]
            ))
        );
        let refused = [
            (
                NewDealFacts { title: "  ", ..new },
                refuse("title", "length"),
            ),
            (
                NewDealFacts {
                    value_minor: -1,
                    ..new
                },
                refuse("value", "out_of_range"),
            ),
            (
                NewDealFacts {
                    won_at: Some(T0 + 6),
                    ..new
                },
                refuse("status", "won_and_lost"),
            ),
            (
                NewDealFacts {
                    lost_at: Some(T0 - 1),
                    ..new
                },
                refuse("closed_at", "before_created_at"),
            ),
            (
                NewDealFacts {
                    lost_reason_id: None,
                    ..new
                },
                refuse("lost_reason_id", "required"),
            ),
        ];
        for (facts, want) in refused {
            assert_eq!(creation(&facts), Err(want), "{facts:?}");
        }
    }
}
