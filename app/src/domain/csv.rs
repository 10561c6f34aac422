//! CSV as the imports and exports write it: UTF-8, comma-separated, a
//! header row, fields quoted when they need it (RFC 4180), and cells a
//! spreadsheet would run as a formula neutralised with a leading `'`.

/// One cell, safe for a spreadsheet and quoted when needed.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_cell(&mut out, text);
    out
}

/// Appends one cell to `out` (see [`cell`]).
pub fn push_cell(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A row of cells, ended by CRLF.
pub fn row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = String::new();
    push_row(&mut line, cells);
    line
}

/// Appends a row of cells, ended by CRLF, to `out`.
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, text) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, text);
    }
    out.push_str("\r\n");
}

/// The first `limit` rows of CSV text (a byte-order mark skipped; quoted
/// cells may hold commas, quotes and line breaks), for a preview. A row cut
/// off at the end of `text` is left out.
pub fn parse(text: &str, limit: usize) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut row, mut cell) = (vec![], vec![], String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if rows.len() == limit {
            break;
        }
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_read_quoted_cells_and_stop_at_the_limit() {
        let text = "\u{feff}a,b\r\n\"x, \"\"y\"\"\",\"dos\nlíneas\"\n1,2\n3,4\n5,cortad";
        assert_eq!(
            parse(text, 10),
            vec![
                vec!["a", "b"],
                vec!["x, \"y\"", "dos\nlíneas"],
                vec!["1", "2"],
                vec!["3", "4"],
            ]
        );
        assert_eq!(parse(text, 2).len(), 2);
    }

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
