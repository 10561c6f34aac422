//! The account's settings as their pages show them.
use serde::{Deserialize, Serialize};

/// A lost reason: offered when losing a deal while active.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LostReasonSetting {
    pub id: i64,
    pub label: String,
    pub active: bool,
}
