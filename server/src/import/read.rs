//! Reading an imported CSV file: UTF-8 (a byte-order mark is skipped),
//! comma-separated, a header row naming the columns. Cells that an export
//! neutralised for spreadsheets (`'=…`) are read back as they were.
use super::{MAX_ROWS, Problems};
use app::error::AppError;

/// The rows of a file, with the column each known header is in.
pub struct Table {
    /// Index of each of the importer's columns in a row (`None`: absent).
    columns: Vec<Option<usize>>,
    /// Headers the importer does not know (ignored, and reported).
    pub ignored: Vec<String>,
    /// (line of the row's start, its cells).
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Reads `bytes` for the columns `known`; a missing one of `required`
    /// is a problem of line 1, and so is a repeated header.
    pub fn read(
        bytes: &[u8],
        known: &[&str],
        required: &[&str],
        problems: &mut Problems,
    ) -> Result<Table, AppError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(_) => {
                problems.add(1, None, "malformed_csv", None);
                return Ok(Table::empty(known.len()));
            }
        };
        let mut columns = vec![None; known.len()];
        let mut ignored = vec![];
        for (i, header) in headers.iter().enumerate() {
            let name = header.trim().to_lowercase();
            match known.iter().position(|k| *k == name) {
                Some(k) if columns[k].is_some() => {
                    problems.add(1, Some(known[k]), "repeated_column", None)
                }
                Some(k) => columns[k] = Some(i),
                None if name.is_empty() => {}
                None => ignored.push(header.trim().to_string()),
            }
        }
        for name in required {
            if let Some(k) = known.iter().position(|c| c == name)
                && columns[k].is_none()
            {
                problems.add(1, Some(name), "missing_column", None);
            }
        }
        let width = headers.len();
        let mut lines = Lines {
            bytes,
            pos: 0,
            line: 1,
        };
        let mut rows = vec![];
        let mut read = 0;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| lines.at(p.byte()));
                    if record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    read += 1;
                    if read > MAX_ROWS {
                        return Err(AppError::PayloadTooLarge);
                    }
                    if record.len() != width {
                        problems.add(
                            line,
                            None,
                            "wrong_cell_count",
                            Some(record.len().to_string()),
                        );
                        continue;
                    }
                    rows.push((line, record.clone()));
                }
                Err(e) => {
                    // Not UTF-8, or an unclosed quote: the rest cannot be
                    // told apart reliably.
                    let line = e.position().map_or(0, |p| lines.at(p.byte()));
                    problems.add(line, None, "malformed_csv", None);
                    break;
                }
            }
        }
        Ok(Table {
            columns,
            ignored,
            rows,
        })
    }

    fn empty(known: usize) -> Table {
        Table {
            columns: vec![None; known],
            ignored: vec![],
            rows: vec![],
        }
    }

    /// Whether the file has known column `k`.
    pub fn has(&self, k: usize) -> bool {
        self.columns[k].is_some()
    }

    /// The trimmed cell of known column `k` in `row` ("" when absent), with
    /// an export's spreadsheet neutralisation undone.
    pub fn cell<'r>(&self, row: &'r csv::StringRecord, k: usize) -> &'r str {
        let text = self.columns[k]
            .and_then(|i| row.get(i))
            .unwrap_or("")
            .trim();
        match text.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => text,
        }
    }
}

/// Line numbers of record starts. The reader's own count is one short
/// after a CRLF (its record starts at the LF), so lines are counted here
/// from the records' byte offsets, which only ever move forward.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = (byte as usize).clamp(self.pos, self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.line += self.bytes[self.pos..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.pos = start;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_lines_and_neutralised_cells() {
        let csv = "\u{feff}Title,value,extra\r\n\"a, b\",1,x\n,,\n\"two\nlines\",2,y\n'=SUM(1),3\n";
        let mut problems = Problems::default();
        let t = Table::read(
            csv.as_bytes(),
            &["title", "value"],
            &["title"],
            &mut problems,
        )
        .unwrap();
        assert_eq!(t.ignored, vec!["extra"]);
        let lines: Vec<u64> = t.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 4]);
        assert_eq!(t.cell(&t.rows[0].1, 0), "a, b");
        assert_eq!(t.cell(&t.rows[1].1, 0), "two\nlines");
        assert_eq!(problems.total, 1, "line 6 has two cells");
        assert_eq!(problems.list[0].line, 6);
        assert_eq!(problems.list[0].code, "wrong_cell_count");

        let mut problems = Problems::default();
        let t = Table::read(
            b"title\n'=1+1\n'hola\n",
            &["title", "value"],
            &["value"],
            &mut problems,
        )
        .unwrap();
        assert_eq!(t.cell(&t.rows[0].1, 0), "=1+1");
        assert_eq!(t.cell(&t.rows[1].1, 0), "'hola");
        assert_eq!(t.cell(&t.rows[1].1, 1), "", "absent column");
        assert_eq!(problems.list[0].code, "missing_column");
        assert_eq!(problems.list[0].column.as_deref(), Some("value"));
    }

    #[test]
    fn not_utf8_is_reported_with_its_line() {
        let mut problems = Problems::default();
        let bytes = b"title\nbien\nmal\xff\n";
        Table::read(bytes, &["title"], &["title"], &mut problems).unwrap();
        assert_eq!(problems.list[0].code, "malformed_csv");
        assert_eq!(problems.list[0].line, 3);
    }
}
