//! CSV as the imports and exports write it: UTF-8, comma-separated, a
//! header row, fields quoted when they need it (RFC 4180), and cells a
//! spreadsheet would run as a formula neutralised with a leading `'`.

/// One cell, safe for a spreadsheet and quoted when needed.
pub fn cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A row of cells, ended by CRLF.
pub fn row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_special_characters_quoted() {
        assert_eq!(cell("Licencias"), "Licencias");
        assert_eq!(cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(cell("+52 55"), "'+52 55");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@import"), "'@import");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("Reyes, S.A."), "\"Reyes, S.A.\"");
        assert_eq!(cell("dijo \"sí\""), "\"dijo \"\"sí\"\"\"");
        assert_eq!(cell("dos\nlíneas"), "\"dos\nlíneas\"");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("12345.67"), "12345.67");
        assert_eq!(row(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }
}
