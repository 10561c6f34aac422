//! Interface languages a user can choose.
use serde::{Deserialize, Serialize};

/// A supported UI language; Spanish (es-MX) is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLocale {
    #[default]
    Es,
    En,
}

impl UiLocale {
    pub fn as_str(self) -> &'static str {
        match self {
            UiLocale::Es => "es",
            UiLocale::En => "en",
        }
    }

    /// The user's own choice, else the account's language, else Spanish.
    pub fn preferred(user: Option<&str>, account: &str) -> UiLocale {
        user.and_then(UiLocale::parse)
            .or_else(|| UiLocale::parse(account))
            .unwrap_or_default()
    }

    /// Parses `es`/`en`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "es" => Some(UiLocale::Es),
            "en" => Some(UiLocale::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_is_default_and_round_trips() {
        assert_eq!(UiLocale::default(), UiLocale::Es);
        for l in [UiLocale::Es, UiLocale::En] {
            assert_eq!(UiLocale::parse(l.as_str()), Some(l));
        }
        assert_eq!(UiLocale::parse("fr"), None);
        assert_eq!(UiLocale::preferred(Some("en"), "es"), UiLocale::En);
        assert_eq!(UiLocale::preferred(None, "en"), UiLocale::En);
        assert_eq!(UiLocale::preferred(Some("xx"), "yy"), UiLocale::Es);
    }
}
