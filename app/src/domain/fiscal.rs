//! An organization's fiscal data, as a CFDI 4.0 names its receptor: the
//! razón social as on the Constancia de Situación Fiscal, the tax id and
//! the country that issued it, the régimen fiscal, the código postal
//! fiscal and the uso de CFDI it usually asks for; and their checks
//! against each other and the SAT catalogues ([`crate::domain::sat`]).
use crate::domain::sat::{self, regime_of, use_of};
use crate::domain::tax_id::{MEXICO, TaxCountry, country};
use crate::domain::validate::has_control;
use crate::error::Problems;
use serde::{Deserialize, Serialize};

/// The longest razón social.
pub const LEGAL_NAME_MAX: usize = 300;
/// The régimen of a customer abroad, and the use of their invoices
/// (CFDI 4.0 names a foreign receptor with the generic RFC).
pub const FOREIGN_REGIME: &str = "616";
pub const FOREIGN_USE: &str = "S01";

/// The fiscal data of an organization beside its tax id (all optional
/// until an invoice needs them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Fiscal {
    /// Razón social, without its régimen societario.
    pub legal_name: Option<String>,
    /// ISO 3166-1 alpha-2 of the tax id's country ([`crate::domain::tax_id`]).
    pub tax_country: String,
    /// c_RegimenFiscal.
    pub tax_system: Option<String>,
    /// Código postal of the fiscal address.
    pub tax_zip: Option<String>,
    /// c_UsoCFDI its invoices take unless a note says otherwise.
    pub cfdi_use: Option<String>,
}

impl Default for Fiscal {
    fn default() -> Fiscal {
        Fiscal {
            legal_name: None,
            tax_country: MEXICO.into(),
            tax_system: None,
            tax_zip: None,
            cfdi_use: None,
        }
    }
}

/// The fiscal fields as sent (each trimmed text; none: empty).
#[derive(Clone, Copy, Debug, Default)]
pub struct FiscalSent<'a> {
    pub tax_id: Option<&'a str>,
    pub legal_name: Option<&'a str>,
    pub tax_country: Option<&'a str>,
    pub tax_system: Option<&'a str>,
    pub tax_zip: Option<&'a str>,
    pub cfdi_use: Option<&'a str>,
}

/// A postal code abroad: 2 to 10 letters, digits, spaces or dashes.
fn is_foreign_zip(zip: &str) -> bool {
    (2..=10).contains(&zip.len())
        && zip
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
}

/// The country of `f` (an unknown code: Mexico, as stored by default).
fn nation_of(f: &Fiscal) -> &'static TaxCountry {
    country(&f.tax_country)
        .or(country(MEXICO))
        .expect("Mexico is listed")
}

/// How `f`, with `tax_id` and the use `cfdi_use`, contradicts itself, as
/// (field, code), each code already one of its catalogue: an id that is
/// not its country's (`invalid_rfc` for Mexico, `invalid_tax_id`
/// elsewhere), a régimen not for the person the RFC names
/// (`not_for_tax_id`: 12 characters are a company, 13 a person), a use not
/// for the régimen (`not_for_tax_system`) or the person (`not_for_tax_id`),
/// for a customer abroad any régimen or use but the generic receptor's
/// (`not_for_foreign`), and a postal code not of its country (`invalid`).
/// The form's check and the invoice request's both ask this.
pub fn conflicts(
    tax_id: Option<&str>,
    f: &Fiscal,
    cfdi_use: Option<&str>,
) -> Vec<(&'static str, &'static str)> {
    let nation = nation_of(f);
    let mut found = vec![];
    let id_ok = tax_id.map(|t| nation.canonical(t).as_deref() == Some(t));
    if id_ok == Some(false) {
        let code = if nation.is_mexico() {
            "invalid_rfc"
        } else {
            "invalid_tax_id"
        };
        found.push(("tax_id", code));
    }
    // The length of a valid RFC tells a company (12) from a person (13).
    let rfc_len = tax_id
        .filter(|_| nation.is_mexico() && id_ok == Some(true))
        .map(|t| t.chars().count());
    let regime = f.tax_system.as_deref().and_then(regime_of);
    let usage = cfdi_use.and_then(use_of);
    if nation.is_mexico() {
        if let (Some(r), Some(len)) = (regime, rfc_len)
            && !r.persons.admit(len)
        {
            found.push(("tax_system", "not_for_tax_id"));
        }
        if let (Some(u), Some(r)) = (usage, regime)
            && !u.admits(r.code)
        {
            found.push(("cfdi_use", "not_for_tax_system"));
        }
        if let (Some(u), Some(len)) = (usage, rfc_len)
            && !u.persons.admit(len)
        {
            found.push(("cfdi_use", "not_for_tax_id"));
        }
    } else {
        if regime.is_some_and(|r| r.code != FOREIGN_REGIME) {
            found.push(("tax_system", "not_for_foreign"));
        }
        if usage.is_some_and(|u| u.code != FOREIGN_USE) {
            found.push(("cfdi_use", "not_for_foreign"));
        }
    }
    let zip_ok = |z: &str| match nation.is_mexico() {
        true => sat::is_zip(z),
        false => is_foreign_zip(z),
    };
    if f.tax_zip.as_deref().is_some_and(|z| !zip_ok(z)) {
        found.push(("tax_zip", "invalid"));
    }
    found
}

/// The tax id in its country's spelling and the fiscal data, each problem
/// into `p`: a code not in its catalogue (`invalid`), too long a text, and
/// the [`conflicts`] of the whole.
pub fn check(p: &mut Problems, sent: FiscalSent<'_>) -> (Option<String>, Fiscal) {
    let nation: &TaxCountry = match sent.tax_country.map(str::trim).unwrap_or("") {
        "" => country(MEXICO).expect("Mexico is listed"),
        code => country(code).unwrap_or_else(|| {
            p.add("tax_country", "invalid");
            country(MEXICO).expect("Mexico is listed")
        }),
    };
    let tax_id = p
        .optional_text("tax_id", sent.tax_id, 20)
        .map(|typed| nation.canonical(&typed).unwrap_or(typed));
    let legal_name = p
        .optional_text("legal_name", sent.legal_name, LEGAL_NAME_MAX)
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "));
    if legal_name.as_deref().is_some_and(has_control) {
        p.add("legal_name", "invalid");
    }
    let tax_system = p.word("tax_system", sent.tax_system, regime_of);
    let cfdi_use = p.word("cfdi_use", sent.cfdi_use, use_of);
    let fiscal = Fiscal {
        legal_name,
        tax_country: nation.code.to_string(),
        tax_system: tax_system.map(|r| r.code.to_string()),
        tax_zip: p.optional_text("tax_zip", sent.tax_zip, 10),
        cfdi_use: cfdi_use.map(|u| u.code.to_string()),
    };
    for (field, code) in conflicts(tax_id.as_deref(), &fiscal, fiscal.cfdi_use.as_deref()) {
        p.add(field, code);
    }
    (tax_id, fiscal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(p: &Problems) -> Vec<(&str, &str)> {
        p.list()
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_mexican_company_is_read_and_normalized() {
        let mut p = Problems::default();
        let (tax_id, f) = check(
            &mut p,
            FiscalSent {
                tax_id: Some(" pce010203ab1 "),
                legal_name: Some("  Papelería   Central "),
                tax_system: Some("601"),
                tax_zip: Some("06600"),
                cfdi_use: Some("G03"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(problems(&p), []);
        assert_eq!(tax_id.as_deref(), Some("PCE010203AB1"));
        assert_eq!(f.legal_name.as_deref(), Some("Papelería Central"));
        assert_eq!(f.tax_country, "MX");
        assert_eq!(f.tax_system.as_deref(), Some("601"));
        assert_eq!(f.cfdi_use.as_deref(), Some("G03"));
    }

    #[test]
    fn a_regime_or_use_for_another_person_is_refused() {
        let mut p = Problems::default();
        check(
            &mut p,
            FiscalSent {
                tax_id: Some("PCE010203AB1"),
                tax_system: Some("612"),
                cfdi_use: Some("D01"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(
            problems(&p),
            [
                ("tax_system", "not_for_tax_id"),
                ("cfdi_use", "not_for_tax_id"),
            ]
        );
        let mut p = Problems::default();
        check(
            &mut p,
            FiscalSent {
                tax_id: Some("GODE561231GR8"),
                tax_system: Some("605"),
                cfdi_use: Some("G03"),
                tax_zip: Some("6600"),
                tax_country: Some("mx"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(
            problems(&p),
            [("cfdi_use", "not_for_tax_system"), ("tax_zip", "invalid")]
        );
    }

    #[test]
    fn a_customer_abroad_is_read_with_its_countrys_id() {
        let mut p = Problems::default();
        let (tax_id, f) = check(
            &mut p,
            FiscalSent {
                tax_id: Some("900.123.456-8"),
                tax_country: Some("co"),
                tax_zip: Some("110111"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(problems(&p), []);
        assert_eq!(tax_id.as_deref(), Some("900123456-8"));
        assert_eq!(f.tax_country, "CO");
        let mut p = Problems::default();
        check(
            &mut p,
            FiscalSent {
                tax_id: Some("PCE010203AB1"),
                tax_country: Some("CL"),
                tax_system: Some("601"),
                cfdi_use: Some("G03"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(
            problems(&p),
            [
                ("tax_id", "invalid_tax_id"),
                ("tax_system", "not_for_foreign"),
                ("cfdi_use", "not_for_foreign"),
            ]
        );
    }

    #[test]
    fn an_rfc_is_measured_in_characters() {
        let mut p = Problems::default();
        check(
            &mut p,
            FiscalSent {
                tax_id: Some("ÑAB010203AB1"),
                tax_system: Some("601"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(problems(&p), [], "a company with Ñ");
    }

    #[test]
    fn unknown_codes_are_named() {
        let mut p = Problems::default();
        let (_, f) = check(
            &mut p,
            FiscalSent {
                tax_country: Some("ZZ"),
                tax_system: Some("600"),
                cfdi_use: Some("CP01"),
                legal_name: Some("x\u{7}"),
                ..FiscalSent::default()
            },
        );
        assert_eq!(
            problems(&p),
            [
                ("tax_country", "invalid"),
                ("legal_name", "invalid"),
                ("tax_system", "invalid"),
                ("cfdi_use", "invalid"),
            ]
        );
        assert_eq!(f.tax_country, "MX");
    }
}
