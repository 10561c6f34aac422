//! Input rules shared by forms, server functions, REST and the CLI.

/// The longest email address (RFC 5321) and password accepted anywhere.
pub const MAX_EMAIL: usize = 254;
pub const MAX_PASSWORD: usize = 256;

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

/// A Mexican RFC (tax id): 3 letters for a company or 4 for a person
/// (`A`–`Z`, `Ñ`, `&`), a valid date `YYMMDD`, and a 3-character
/// homoclave. Expects it upper-case and trimmed (see [`normalize_rfc`]).
pub fn is_valid_rfc(rfc: &str) -> bool {
    let chars: Vec<char> = rfc.chars().collect();
    let letters = match chars.len() {
        12 => 3,
        13 => 4,
        _ => return false,
    };
    let (name, rest) = chars.split_at(letters);
    let (date, homoclave) = rest.split_at(6);
    let date: String = date.iter().collect();
    let valid_date = date.chars().all(|c| c.is_ascii_digit())
        && ["19", "20"].iter().any(|century| {
            chrono::NaiveDate::parse_from_str(&format!("{century}{date}"), "%Y%m%d").is_ok()
        });
    name.iter()
        .all(|c| c.is_ascii_uppercase() || *c == 'Ñ' || *c == '&')
        && valid_date
        && homoclave
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// An RFC as typed, trimmed and upper-case.
pub fn normalize_rfc(rfc: &str) -> String {
    rfc.trim().to_uppercase()
}

/// A phone number: 8 to 15 digits, optionally a leading `+`, with spaces,
/// dashes, dots or parentheses between them.
pub fn is_valid_phone(phone: &str) -> bool {
    let rest = phone.trim().strip_prefix('+').unwrap_or(phone.trim());
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        && (8..=15).contains(&digits)
}

/// The 10,000 most used passwords, most used first, lower-case (from the
/// frequency lists of zxcvbn, MIT; they come from leaked password sets).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether a password is among the most used ones, in any case.
pub fn is_common_password(password: &str) -> bool {
    static COMMON: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| COMMON_PASSWORDS.lines().collect());
    COMMON.contains(password.trim().to_lowercase().as_str())
}

/// Passwords must be at least 8 characters, at most 256 bytes (Argon2
/// input) and not one of the most used ones.
pub fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < 8 {
        Some("too_short")
    } else if password.len() > MAX_PASSWORD {
        Some("too_long")
    } else if is_common_password(password) {
        Some("common")
    } else {
        None
    }
}

/// Whether `text` has a control character other than a line break or a
/// tab (a NUL, an escape: nothing a form or a body should carry).
pub fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
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
    fn the_most_used_passwords_are_refused() {
        assert_eq!(COMMON_PASSWORDS.lines().count(), 10_000);
        for common in [
            "password",
            "PASSWORD1",
            "12345678",
            "qwerty123",
            " iloveyou ",
        ] {
            assert_eq!(password_problem(common), Some("common"), "{common}");
        }
        assert_eq!(password_problem("1234567"), Some("too_short"));
        assert_eq!(password_problem("demo1234"), None);
        assert_eq!(password_problem("otra-clave-larga"), None);
    }

    #[test]
    fn mexican_tax_ids_and_phones_are_checked() {
        assert!(is_valid_rfc("ABC010203XY1"), "a company");
        assert!(is_valid_rfc("GODE561231GR8"), "a person");
        assert!(is_valid_rfc(&normalize_rfc(" ñab991231a1b ")), "Ñ, 1999");
        assert!(!is_valid_rfc("ABC011303XY1"), "month 13");
        assert!(!is_valid_rfc("ABC010230XY1"), "30 February");
        assert!(!is_valid_rfc("AB1010203XY1"), "a digit among the letters");
        assert!(!is_valid_rfc("ABC010203XY"), "too short");
        assert!(!is_valid_rfc("ABC010203XY-"), "a dash in the homoclave");
        assert!(is_valid_phone("+52 (55) 1234-5678"));
        assert!(is_valid_phone("8112345678"));
        assert!(!is_valid_phone("1234"), "too few digits");
        assert!(!is_valid_phone("55 1234 abcd"), "letters");
    }

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
