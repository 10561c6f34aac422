//! Subscription plans and what each unlocks.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The account's plan (`basico`, `estandar`, `premium`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Basico,
    Estandar,
    Premium,
}

impl Plan {
    pub const ALL: [Plan; 3] = [Plan::Basico, Plan::Estandar, Plan::Premium];

    /// The CRM module is available from `estandar` up.
    pub fn has_crm(self) -> bool {
        self != Plan::Basico
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Basico => "basico",
            Plan::Estandar => "estandar",
            Plan::Premium => "premium",
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Plan {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Plan::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown plan `{s}` (basico, estandar, premium)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_basico_lacks_crm() {
        assert!(!Plan::Basico.has_crm());
        assert!(Plan::Estandar.has_crm());
        assert!(Plan::Premium.has_crm());
    }

    #[test]
    fn parses_its_own_names_only() {
        for p in Plan::ALL {
            assert_eq!(p.as_str().parse::<Plan>(), Ok(p));
        }
        assert!("gold".parse::<Plan>().is_err());
        assert!("Basico".parse::<Plan>().is_err());
    }
}
