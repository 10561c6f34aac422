//! A record's fields as text, the way a page's form sends them and a REST
//! body is read into (numbers as their digits, `null` as empty), with every
//! problem found while checking them. An edit starts from the record's
//! stored values and lays the sent fields over them, so a field left out
//! keeps its value.
use crate::domain::permission::Permission;
use crate::error::{AppError, Problems};
use crate::ssr::auth::guard::Actor;
use crate::ssr::db::Ex;
use crate::ssr::users::db as users;
use std::collections::BTreeMap;

/// Fields sent, as text.
pub type Sent = Vec<(String, String)>;

/// A stored field as its form shows it (none: empty).
pub fn pair(name: &str, value: Option<impl ToString>) -> (String, String) {
    (
        name.to_string(),
        value.map(|v| v.to_string()).unwrap_or_default(),
    )
}

#[derive(Debug, Default)]
pub struct Form {
    values: BTreeMap<String, String>,
    problems: Problems,
}

impl Form {
    pub fn new(values: impl IntoIterator<Item = (String, String)>) -> Form {
        Form {
            values: values.into_iter().collect(),
            problems: Problems::default(),
        }
    }

    /// Lays `sent` over the values held (an edit over the stored record).
    pub fn overlay(&mut self, sent: impl IntoIterator<Item = (String, String)>) {
        self.values.extend(sent);
    }

    /// Records a problem of a field (one per field: the first one found).
    pub fn problem(&mut self, field: &str, code: &str) {
        self.problems.add(field, code);
    }

    /// Whether `field` already has a problem.
    pub fn failed(&self, field: &str) -> bool {
        self.problems.failed(field)
    }

    /// The field, trimmed (absent: empty).
    pub fn raw(&self, name: &str) -> &str {
        self.values.get(name).map_or("", |v| v.trim())
    }

    /// A text that must be there, of at most `max` characters.
    pub fn required(&mut self, name: &str, max: usize) -> String {
        let value = self.raw(name).to_string();
        if value.is_empty() {
            self.problem(name, "required");
        } else if value.chars().count() > max {
            self.problem(name, "too_long");
        }
        value
    }

    /// An optional text of at most `max` characters (empty: none).
    pub fn optional(&mut self, name: &str, max: usize) -> Option<String> {
        let value = self.raw(name).to_string();
        if value.chars().count() > max {
            self.problem(name, "too_long");
        }
        (!value.is_empty()).then_some(value)
    }

    /// An optional record id (empty: none; anything but digits: `invalid`).
    pub fn id(&mut self, name: &str) -> Option<i64> {
        let value = self.raw(name);
        if value.is_empty() {
            return None;
        }
        match value.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                self.problem(name, "invalid");
                None
            }
        }
    }

    /// The value of `name` as `parse` reads it; `None` when empty, or when
    /// `parse` knows no such word (a problem `invalid` then).
    pub fn word<T>(&mut self, name: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let parsed = match self.raw(name) {
            "" => return None,
            raw => parse(raw),
        };
        if parsed.is_none() {
            self.problem(name, "invalid");
        }
        parsed
    }

    /// One of `choices` (empty: `default`).
    pub fn choice(&mut self, name: &str, choices: &[&str], default: &str) -> String {
        let value = match self.raw(name) {
            "" => default.to_string(),
            v => v.to_string(),
        };
        if !choices.contains(&value.as_str()) {
            self.problem(name, "invalid");
        }
        value
    }

    /// The user named by `name` (an owner, an assignee): the actor when
    /// empty; another one must be an active user of the account and the
    /// actor needs `crm.deals.edit_all` (`kept`, the one a record already
    /// has, stays as it is).
    pub async fn user(
        &mut self,
        ex: &mut Ex<'_>,
        actor: &Actor,
        name: &str,
        kept: Option<i64>,
    ) -> Result<i64, AppError> {
        let user = self.id(name).unwrap_or(actor.user_id);
        if user != actor.user_id && Some(user) != kept && !self.failed(name) {
            let active = users::active_names(ex, actor.account_id).await?;
            if !active.iter().any(|(id, _)| *id == user) {
                self.problem(name, "not_found");
            } else if !actor.can(Permission::DealsEditAll) {
                self.problem(name, "not_allowed");
            }
        }
        Ok(user)
    }

    /// Every problem found, as one validation error; `Ok` when none.
    pub fn finish(self) -> Result<(), AppError> {
        self.problems.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn a_word_is_read_by_its_parser_or_named_invalid() {
        let mut f = form(&[("kind", " call "), ("priority", "urgent")]);
        let read = |w: &str| ["call", "low"].iter().position(|k| *k == w);
        assert_eq!(f.word("kind", read), Some(0));
        assert_eq!(f.word("priority", read), None);
        assert_eq!(f.word("missing", read), None);
        let Err(AppError::Validation(list)) = f.finish() else {
            panic!("problems expected");
        };
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].field.as_str(), list[0].code.as_str()),
            ("priority", "invalid")
        );
    }

    #[test]
    fn reads_and_names_each_problem_once() {
        let mut f = form(&[("name", "  Acme  "), ("owner", "x7"), ("kind", "fax")]);
        assert_eq!(f.required("name", 10), "Acme");
        assert_eq!(f.required("missing", 10), "");
        assert_eq!(f.optional("name", 3), Some("Acme".into()));
        assert_eq!(f.id("owner"), None);
        assert_eq!(f.choice("kind", &["llamada"], "llamada"), "fax");
        assert_eq!(f.choice("other", &["llamada"], "llamada"), "llamada");
        let Err(AppError::Validation(list)) = f.finish() else {
            panic!("problems expected");
        };
        let got: Vec<_> = list
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("missing", "required"),
                ("name", "too_long"),
                ("owner", "invalid"),
                ("kind", "invalid")
            ]
        );
    }

    #[test]
    fn an_edit_keeps_what_is_not_sent() {
        let mut f = form(&[("name", "Acme"), ("phone", "555")]);
        f.overlay([("phone".to_string(), String::new())]);
        assert_eq!(f.required("name", 200), "Acme");
        assert_eq!(f.optional("phone", 40), None);
        assert!(f.finish().is_ok());
    }
}
