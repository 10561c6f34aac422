//! Text search as typed: the words of a query, folded the way the search
//! indexes fold what they hold (lower case, accents removed), each of three
//! characters or more.

/// Characters a word needs to be searched for (PostgreSQL's index holds
/// trigrams; SQLite's a prefix index of three characters).
pub const MIN_WORD: usize = 3;
/// Words of one query that are searched for; later ones are ignored.
pub const MAX_WORDS: usize = 5;
/// Longest search text, in characters.
pub const MAX_QUERY: usize = 100;

/// Accented letters and their plain forms: the same table as the
/// PostgreSQL function `embudo_fold` (migration 0009); SQLite's FTS5
/// tokenizer removes these (and more) by itself.
const ACCENTED: &str = "áàâäãåéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ";
const PLAIN: &str = "aaaaaaeeeeiiiiooooouuuuncaaaaaaeeeeiiiiooooouuuunc";

/// Lower case without accents.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match ACCENTED.chars().position(|a| a == c) {
            Some(i) => PLAIN.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `query` to search for, folded; `None` when none has
/// [`MIN_WORD`] characters and a letter or digit (others are dropped: the
/// indexes hold no punctuation). Control characters separate words like
/// spaces (a NUL byte reaches neither database).
pub fn words(query: &str) -> Option<Vec<String>> {
    let words: Vec<String> = query
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().count() >= MIN_WORD && w.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .map(fold)
        .collect();
    (!words.is_empty()).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_spanish_accents() {
        assert_eq!(fold("Ferretería LÓPEZ Ñandú"), "ferreteria lopez nandu");
        assert_eq!(ACCENTED.chars().count(), PLAIN.chars().count());
    }

    #[test]
    fn keeps_words_of_three_characters_or_more() {
        assert_eq!(
            words("  Muebles de   Oficína T-12 "),
            Some(vec!["muebles".into(), "oficina".into(), "t-12".into()])
        );
        assert_eq!(words("de la"), None);
        assert_eq!(
            words("--- licencias \"\"\""),
            Some(vec!["licencias".into()])
        );
        assert_eq!(words(""), None);
        assert_eq!(
            words("abc\0def\u{7}x"),
            Some(vec!["abc".into(), "def".into()])
        );
        assert_eq!(
            words("uno dos tres cuatro cinco seis").map(|w| w.len()),
            Some(5)
        );
    }
}
