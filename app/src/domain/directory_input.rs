//! An organization or contact as sent by its page's form, a REST body or a
//! CSV row, and the checks of its fields that need no database (name,
//! email, phone, Mexican RFC, lifecycle, tags). The owner, the
//! organization of a contact and the names already taken are checked by
//! the service against the account.
use crate::domain::directory::LIFECYCLES;
use crate::domain::fiscal::{self, Fiscal, FiscalSent};
use crate::domain::records::record_input;
use crate::domain::validate::{is_valid_email, is_valid_phone, normalize_email};
use crate::error::Problems;

/// The longest tag.
pub const TAG_MAX: usize = 40;
/// The most tags on one record.
pub const TAGS_MAX: usize = 10;

record_input! {
    /// An organization (cliente) as sent.
    pub struct OrganizationInput {
        pub name,
        /// RFC, or the tax id of `tax_country`.
        pub tax_id,
        pub phone,
        pub email,
        pub address,
        /// Empty: `prospecto`.
        pub lifecycle,
        /// A user id; empty: the caller.
        pub owner_id,
        /// Comma-separated; they replace the record's tags.
        pub tags,
        /// Razón social.
        pub legal_name,
        /// ISO 3166-1 alpha-2; empty: `MX`.
        pub tax_country,
        /// c_RegimenFiscal.
        pub tax_system,
        /// Código postal fiscal.
        pub tax_zip,
        /// c_UsoCFDI.
        pub cfdi_use,
    }
}

record_input! {
    /// A contact as sent.
    pub struct ContactInput {
        pub organization_id,
        /// An organization by its exact name (any case), instead of its id.
        pub organization,
        pub name,
        pub job_title,
        pub email,
        pub phone,
        /// Empty: `prospecto`.
        pub lifecycle,
        /// A user id; empty: the caller.
        pub owner_id,
        /// Comma-separated; they replace the record's tags.
        pub tags,
    }
}

/// An organization's fields, checked (all but its owner).
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationFields {
    pub name: String,
    pub tax_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub lifecycle: String,
    pub tags: Vec<String>,
    pub fiscal: Fiscal,
}

/// A contact's fields, checked (all but its owner and whether its
/// organization exists).
#[derive(Clone, Debug, PartialEq)]
pub struct ContactFields {
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub name: String,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub lifecycle: String,
    pub tags: Vec<String>,
}

/// An email (trimmed, lower-case) and a phone, each optional.
fn contact_points(
    p: &mut Problems,
    email: Option<&str>,
    phone: Option<&str>,
) -> (Option<String>, Option<String>) {
    let email = p
        .optional_text("email", email, 254)
        .map(|e| normalize_email(&e));
    if email.as_deref().is_some_and(|e| !is_valid_email(e)) {
        p.add("email", "invalid_email");
    }
    let phone = p.optional_text("phone", phone, 40);
    if phone.as_deref().is_some_and(|t| !is_valid_phone(t)) {
        p.add("phone", "invalid_phone");
    }
    (email, phone)
}

/// One of [`LIFECYCLES`]; empty: the first.
fn lifecycle(p: &mut Problems, value: Option<&str>) -> String {
    p.choice("lifecycle", value, &LIFECYCLES, LIFECYCLES[0])
}

/// The tags typed comma-separated: trimmed, each once (any case), at most
/// [`TAGS_MAX`] of at most [`TAG_MAX`] characters.
fn tag_list(p: &mut Problems, typed: Option<&str>) -> Vec<String> {
    let mut list: Vec<String> = vec![];
    let typed = typed.unwrap_or("").split(',').map(str::trim);
    for name in typed.filter(|t| !t.is_empty()) {
        if name.chars().count() > TAG_MAX {
            p.add("tags", "too_long");
        } else if !list.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            list.push(name.to_string());
        }
    }
    if list.len() > TAGS_MAX {
        p.add("tags", "too_many");
    }
    list
}

impl OrganizationInput {
    /// Every field but the owner, each problem into `p`.
    pub fn check(&self, p: &mut Problems) -> OrganizationFields {
        let name = p.required_text("name", self.name.as_deref(), 200);
        let (email, phone) = contact_points(p, self.email.as_deref(), self.phone.as_deref());
        let sent = FiscalSent {
            tax_id: self.tax_id.as_deref(),
            legal_name: self.legal_name.as_deref(),
            tax_country: self.tax_country.as_deref(),
            tax_system: self.tax_system.as_deref(),
            tax_zip: self.tax_zip.as_deref(),
            cfdi_use: self.cfdi_use.as_deref(),
        };
        let (tax_id, fiscal) = fiscal::check(p, sent);
        OrganizationFields {
            name,
            tax_id,
            phone,
            email,
            address: p.optional_text("address", self.address.as_deref(), 500),
            lifecycle: lifecycle(p, self.lifecycle.as_deref()),
            tags: tag_list(p, self.tags.as_deref()),
            fiscal,
        }
    }
}

impl ContactInput {
    /// Every field but the owner, each problem into `p`; the organization
    /// is an id or a name, not yet looked up.
    pub fn check(&self, p: &mut Problems) -> ContactFields {
        let name = p.required_text("name", self.name.as_deref(), 200);
        let (email, phone) = contact_points(p, self.email.as_deref(), self.phone.as_deref());
        ContactFields {
            organization_id: p.id("organization_id", self.organization_id.as_deref()),
            organization: p.optional_text("organization", self.organization.as_deref(), 200),
            name,
            job_title: p.optional_text("job_title", self.job_title.as_deref(), 100),
            email,
            phone,
            lifecycle: lifecycle(p, self.lifecycle.as_deref()),
            tags: tag_list(p, self.tags.as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::RecordInput;

    fn problems(p: &Problems) -> Vec<(&str, &str)> {
        p.list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn an_organization_is_read_trimmed_and_normalized() {
        let input = OrganizationInput {
            name: Some("  Papelería Central ".into()),
            tax_id: Some(" pce010203ab1 ".into()),
            email: Some(" Ventas@Papeleria.MX".into()),
            phone: Some("+52 55 1234 5678".into()),
            tags: Some("mayoreo, Mayoreo ,  norte,".into()),
            ..OrganizationInput::default()
        };
        let mut p = Problems::default();
        let f = input.check(&mut p);
        assert_eq!(problems(&p), []);
        assert_eq!(f.name, "Papelería Central");
        assert_eq!(f.tax_id.as_deref(), Some("PCE010203AB1"));
        assert_eq!(f.email.as_deref(), Some("ventas@papeleria.mx"));
        assert_eq!(f.lifecycle, "prospecto");
        assert_eq!(f.address, None);
        assert_eq!(f.tags, ["mayoreo", "norte"]);
    }

    #[test]
    fn every_bad_field_is_named_once() {
        let input = OrganizationInput {
            name: Some("   ".into()),
            tax_id: Some("XYZ".into()),
            email: Some("no-es-correo".into()),
            phone: Some("12".into()),
            address: Some("a".repeat(501)),
            lifecycle: Some("eterno".into()),
            tags: Some(format!("{},b", "t".repeat(41))),
            ..OrganizationInput::default()
        };
        let mut p = Problems::default();
        input.check(&mut p);
        assert_eq!(
            problems(&p),
            [
                ("name", "required"),
                ("email", "invalid_email"),
                ("phone", "invalid_phone"),
                ("tax_id", "invalid_rfc"),
                ("address", "too_long"),
                ("lifecycle", "invalid"),
                ("tags", "too_long"),
            ]
        );
    }

    #[test]
    fn a_contact_names_its_organization_by_id_or_name() {
        let tags = (1..=11).map(|i| format!("t{i}")).collect::<Vec<_>>();
        let input = ContactInput {
            organization_id: Some("abc".into()),
            organization: Some(" Acme ".into()),
            name: Some("Ana".into()),
            job_title: Some("j".repeat(101)),
            tags: Some(tags.join(",")),
            ..ContactInput::default()
        };
        let mut p = Problems::default();
        let f = input.check(&mut p);
        assert_eq!(f.organization.as_deref(), Some("Acme"));
        assert_eq!(
            problems(&p),
            [
                ("organization_id", "invalid"),
                ("job_title", "too_long"),
                ("tags", "too_many"),
            ]
        );
    }

    #[test]
    fn an_edit_keeps_what_was_not_sent() {
        let stored = OrganizationInput {
            name: Some("Acme".into()),
            phone: Some("5512345678".into()),
            tags: Some("norte".into()),
            ..OrganizationInput::default()
        };
        let sent = OrganizationInput {
            phone: Some(String::new()),
            ..OrganizationInput::default()
        };
        let edited = sent.over(stored);
        assert_eq!(edited.name.as_deref(), Some("Acme"));
        assert_eq!(edited.phone.as_deref(), Some(""));
        assert_eq!(edited.tags.as_deref(), Some("norte"));
        let form = [("name".to_string(), "Otra".to_string())].into();
        assert_eq!(
            OrganizationInput::from_form(&form).name.as_deref(),
            Some("Otra")
        );
    }
}
