//! Input rules shared by forms, server functions, REST and the CLI.

/// Longest email we accept (RFC 5321 path limit).
const MAX_EMAIL: usize = 254;

/// Normalises an email for lookup: trimmed and lower-case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A pragmatic email check: one `@`, a non-empty local part, a dotted domain,
/// no spaces or control characters.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Passwords must be at least 8 characters and at most 256 bytes (Argon2 input).
pub fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < 8 {
        Some("too_short")
    } else if password.len() > 256 {
        Some("too_long")
    } else {
        None
    }
}

/// A required free-text field of at most `max` characters, trimmed.
pub fn required_text(value: &str, max: usize) -> Result<String, &'static str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err("required")
    } else if trimmed.chars().count() > max {
        Err("too_long")
    } else {
        Ok(trimmed.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_valid_email("ana@demo.embudo.mx"));
        assert!(is_valid_email("a.b+c@x.io"));
        for bad in [
            "", "ana", "ana@", "@x.mx", "ana@mx", "a b@x.mx", "a@@x.mx", "a@x..mx", "a@.x.mx",
        ] {
            assert!(!is_valid_email(bad), "{bad} should be invalid");
        }
        assert_eq!(normalize_email("  Ana@Demo.MX "), "ana@demo.mx");
    }

    #[test]
    fn passwords_and_text() {
        assert_eq!(password_problem("short"), Some("too_short"));
        assert_eq!(password_problem("demo1234"), None);
        assert_eq!(password_problem(&"x".repeat(300)), Some("too_long"));
        assert_eq!(required_text("  hola ", 10), Ok("hola".into()));
        assert_eq!(required_text("   ", 10), Err("required"));
        assert_eq!(required_text("ñññññ", 4), Err("too_long"));
    }
}
