//! The account's settings as their pages show them.
use serde::{Deserialize, Serialize};

/// A lost reason: offered when losing a deal while active.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LostReasonSetting {
    pub id: i64,
    pub label: String,
    pub active: bool,
}

/// The account's pipelines as the settings show them, with how many deals
/// (open or closed) each stage holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineSetup {
    pub pipelines: Vec<crate::model::PipelineView>,
    /// (stage id, deals); stages without deals left out.
    pub deal_counts: Vec<(i64, i64)>,
}

impl PipelineSetup {
    /// The deals a stage holds.
    pub fn deals_in(&self, stage_id: i64) -> i64 {
        self.deal_counts
            .iter()
            .find(|(s, _)| *s == stage_id)
            .map_or(0, |(_, n)| *n)
    }
}

/// A role as the users page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleSetting {
    pub id: i64,
    pub name: String,
    /// `admin`, `gerente` or `vendedor` for the built-in roles (not editable).
    pub builtin: Option<String>,
    /// Permission names granted.
    pub permissions: Vec<String>,
    /// How many users hold it.
    pub users: i64,
}

/// The time zones the account settings offer (any IANA name is accepted).
pub const TIME_ZONES: &[&str] = &[
    "America/Mexico_City",
    "America/Cancun",
    "America/Monterrey",
    "America/Chihuahua",
    "America/Hermosillo",
    "America/Mazatlan",
    "America/Tijuana",
    "America/Guatemala",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Costa_Rica",
    "America/Panama",
    "America/Santo_Domingo",
    "America/Bogota",
    "America/Lima",
    "America/Guayaquil",
    "America/Caracas",
    "America/La_Paz",
    "America/Santiago",
    "America/Asuncion",
    "America/Montevideo",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/Madrid",
    "UTC",
];
