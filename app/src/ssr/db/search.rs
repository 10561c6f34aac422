//! Text search in SQL, the same on both dialects: a `LIKE` pattern (the
//! PostgreSQL trigram indexes answer it) and an FTS5 query (SQLite's
//! full-text tables).

/// `LIKE` pattern of a search text, its wildcards escaped.
pub fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// An FTS5 query wanting every word: each a phrase (a key like T-12 is two
/// tokens) whose last token is a prefix.
pub fn fts_query(words: &[String]) -> String {
    let phrases: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    phrases.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_wildcards_are_literal() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
        assert_eq!(like_pattern("acme"), "%acme%");
    }

    #[test]
    fn every_word_is_a_quoted_prefix_phrase() {
        assert_eq!(fts_query(&["acme".into()]), "\"acme\"*");
        assert_eq!(
            fts_query(&["t-12".into(), "a\"b".into()]),
            "\"t-12\"* AND \"a\"\"b\"*"
        );
    }
}
