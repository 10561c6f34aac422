//! Links that carry a list's query string.

/// `base?k=v&…` with the non-empty values, percent-encoded (so any search
/// text survives the link); `base` alone when there are none.
pub fn with_query(base: &str, pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let v = v.as_deref().filter(|v| !v.is_empty())?;
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            Some(format!("{k}={v}"))
        })
        .collect();
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}

/// The page number as a query value (none for the first page).
pub fn page_value(page: i64) -> Option<String> {
    (page > 1).then(|| page.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_empty_ones_left_out() {
        assert_eq!(
            with_query("/clientes", &[("q", None), ("page", page_value(1))]),
            "/clientes"
        );
        assert_eq!(
            with_query(
                "/clientes",
                &[
                    ("q", Some("Sol & Luna".into())),
                    ("owner", Some(String::new())),
                    ("page", page_value(2))
                ]
            ),
            "/clientes?q=Sol%20%26%20Luna&page=2"
        );
    }
}
