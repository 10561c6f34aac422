//! Checks shared by the list pages' query strings: a wrong value is named,
//! never ignored.
use crate::error::AppError;

/// The trimmed value ("" when absent).
pub fn trimmed(value: &Option<String>) -> &str {
    value.as_deref().map(str::trim).unwrap_or("")
}

/// An optional user id (`owner`).
pub fn owner(value: &Option<String>) -> Result<Option<i64>, AppError> {
    match trimmed(value) {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::field("owner", "invalid")),
    }
}

/// `text` when it has at most `max` characters, else `field` is too long.
pub fn bounded<'a>(text: &'a str, field: &str, max: usize) -> Result<&'a str, AppError> {
    if text.chars().count() > max {
        return Err(AppError::field(field, "too_long"));
    }
    Ok(text)
}

/// `text` when it has no control characters, else `field` is invalid: text
/// bound into a query as it is (PostgreSQL refuses a NUL byte in text).
pub fn plain<'a>(text: &'a str, field: &str) -> Result<&'a str, AppError> {
    if text.chars().any(char::is_control) {
        return Err(AppError::field(field, "invalid"));
    }
    Ok(text)
}

/// Where a keyset page of a list by name starts: after (or, going back,
/// before) the record with this name and id (by id alone while searching).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameCursor {
    pub name: String,
    pub id: i64,
    pub backward: bool,
}

/// The `after=`/`before=` of a list by name (at most one of them), each a
/// pager's `<id>.<name>` (`<id>.` while searching).
pub fn name_cursor(
    after: &Option<String>,
    before: &Option<String>,
) -> Result<Option<NameCursor>, AppError> {
    match (trimmed(after), trimmed(before)) {
        ("", "") => Ok(None),
        (at, "") => Ok(Some(cursor(at, false, "after")?)),
        ("", at) => Ok(Some(cursor(at, true, "before")?)),
        _ => Err(AppError::field("before", "invalid")),
    }
}

/// A pager's `<id>.<name>`.
fn cursor(text: &str, backward: bool, field: &'static str) -> Result<NameCursor, AppError> {
    let invalid = || AppError::field(field, "invalid");
    let (id, name) = text.split_once('.').ok_or_else(invalid)?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(invalid)?;
    if name.chars().count() > 200 {
        return Err(invalid());
    }
    Ok(NameCursor {
        name: plain(name, field)?.to_string(),
        id,
        backward,
    })
}

/// The pager's previous and next cursors around a page of `rows` (each its
/// id and name) read from `cursor`; `more`: the order goes on past the page
/// in the direction read.
pub fn name_pager(
    cursor: Option<&NameCursor>,
    searching: bool,
    rows: &[(i64, &str)],
    more: bool,
) -> (Option<String>, Option<String>) {
    let at = |(id, name): &(i64, &str)| {
        if searching {
            format!("{id}.")
        } else {
            format!("{id}.{name}")
        }
    };
    let (first, last) = (rows.first().map(at), rows.last().map(at));
    match cursor {
        None => (None, more.then_some(last).flatten()),
        Some(c) if !c.backward => (first, more.then_some(last).flatten()),
        Some(_) => (more.then_some(first).flatten(), last),
    }
}
