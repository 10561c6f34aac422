//! A customer's tax id and the country that issued it: Mexico's RFC, and
//! the ids of the countries Embudo's customers sell to most (NIT, RUT, RUC,
//! CUIT, EIN), each read in its own format and its check digit verified
//! where the country defines one. An id is stored in one canonical
//! spelling (upper case, the separators of its country).
use crate::domain::validate::{is_valid_rfc, normalize_rfc};

/// A country whose tax ids Embudo reads, by its ISO 3166 codes (the id's
/// name there is the pages' `clientes.c_XX`).
#[derive(Clone, Copy, Debug)]
pub struct TaxCountry {
    /// ISO 3166-1 alpha-2, as stored: `MX`.
    pub code: &'static str,
    /// ISO 3166-1 alpha-3, as CFDI and invoicing APIs write it: `MEX`.
    pub iso3: &'static str,
    canonical: fn(&str) -> Option<String>,
}

/// Mexico, the default.
pub const MEXICO: &str = "MX";

/// The countries, Mexico first.
pub const TAX_COUNTRIES: [TaxCountry; 8] = [
    TaxCountry {
        code: MEXICO,
        iso3: "MEX",
        canonical: rfc,
    },
    TaxCountry {
        code: "AR",
        iso3: "ARG",
        canonical: cuit,
    },
    TaxCountry {
        code: "CL",
        iso3: "CHL",
        canonical: rut,
    },
    TaxCountry {
        code: "CO",
        iso3: "COL",
        canonical: nit_co,
    },
    TaxCountry {
        code: "EC",
        iso3: "ECU",
        canonical: ruc_ec,
    },
    TaxCountry {
        code: "GT",
        iso3: "GTM",
        canonical: nit_gt,
    },
    TaxCountry {
        code: "PE",
        iso3: "PER",
        canonical: ruc_pe,
    },
    TaxCountry {
        code: "US",
        iso3: "USA",
        canonical: ein,
    },
];

/// The country with the alpha-2 `code` (any case).
pub fn country(code: &str) -> Option<&'static TaxCountry> {
    TAX_COUNTRIES
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}

impl TaxCountry {
    /// `typed` as this country's id in its canonical spelling, or none when
    /// it is not one.
    pub fn canonical(&self, typed: &str) -> Option<String> {
        (self.canonical)(typed)
    }

    pub fn is_mexico(&self) -> bool {
        self.code == MEXICO
    }
}

/// The digits of `typed` once its separators (spaces, dots, dashes) are
/// taken out, upper case; none if anything but letters and digits is left.
fn compact(typed: &str) -> Option<String> {
    let kept: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect::<String>()
        .to_uppercase();
    (!kept.is_empty() && kept.chars().all(|c| c.is_ascii_alphanumeric())).then_some(kept)
}

fn digits(text: &str) -> Option<Vec<u32>> {
    text.chars().map(|c| c.to_digit(10)).collect()
}

/// Σ digit × weight.
fn weighted(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

fn rfc(typed: &str) -> Option<String> {
    let rfc = normalize_rfc(typed);
    is_valid_rfc(&rfc).then_some(rfc)
}

/// Argentina's CUIT/CUIL: 11 digits, the last a mod-11 check;
/// `20-12345678-6`.
fn cuit(typed: &str) -> Option<String> {
    let text = compact(typed)?;
    let d = digits(&text).filter(|d| d.len() == 11)?;
    let check = match 11 - weighted(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11 {
        11 => 0,
        10 => return None,
        n => n,
    };
    (d[10] == check).then(|| format!("{}-{}-{}", &text[..2], &text[2..10], &text[10..]))
}

/// The mod-11 check of Chile's RUT and Guatemala's NIT: the body's digits
/// from the right weighted 2, 3, 4… (cycling after `cycle`), 11 less the
/// sum mod 11; 10 is `K`.
fn mod11_check(body: &[u32], cycle: u32) -> char {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| d * (2 + i as u32 % (cycle - 1)))
        .sum();
    match 11 - sum % 11 {
        11 => '0',
        10 => 'K',
        n => char::from_digit(n, 10).unwrap_or('0'),
    }
}

/// A body of digits and its check character, `body-check`, for the RUT
/// and the Guatemalan NIT.
fn body_and_check(
    typed: &str,
    lengths: std::ops::RangeInclusive<usize>,
    cycle: u32,
) -> Option<String> {
    let text = compact(typed)?;
    let (body, check) = text.split_at(text.len() - 1);
    let d = digits(body).filter(|d| lengths.contains(&d.len()))?;
    let check = check.chars().next()?;
    (mod11_check(&d, cycle) == check).then(|| format!("{body}-{check}"))
}

/// Chile's RUT: 7 or 8 digits and a check (0–9 or K); `12345678-5`.
fn rut(typed: &str) -> Option<String> {
    body_and_check(typed, 7..=8, 7)
}

/// Guatemala's NIT: 1 to 12 digits and a check (0–9 or K); `576937-K`.
fn nit_gt(typed: &str) -> Option<String> {
    body_and_check(typed, 1..=12, 13)
}

/// Colombia's NIT: 6 to 10 digits and the DIAN's check digit (prime
/// weights from the right); `900123456-8`. Without its dash the last digit
/// is the check.
fn nit_co(typed: &str) -> Option<String> {
    const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
    let text = compact(typed)?;
    let d = digits(&text).filter(|d| (7..=11).contains(&d.len()))?;
    let (body, check) = d.split_at(d.len() - 1);
    let sum: u32 = body.iter().rev().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = match sum % 11 {
        r @ (0 | 1) => r,
        r => 11 - r,
    };
    (check[0] == expected).then(|| format!("{}-{}", &text[..text.len() - 1], check[0]))
}

/// Peru's RUC: 11 digits starting 10, 15, 17 or 20, the last a mod-11
/// check.
fn ruc_pe(typed: &str) -> Option<String> {
    let text = compact(typed)?;
    let d = digits(&text).filter(|d| d.len() == 11)?;
    if !["10", "15", "17", "20"].contains(&&text[..2]) {
        return None;
    }
    let check = (11 - weighted(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 10;
    (d[10] == check).then_some(text)
}

/// Ecuador's RUC: 13 digits, a province (01–24, or 30 abroad), a third
/// digit telling the kind of taxpayer (0–6 or 9) and an establishment
/// number (the last three, from 001). Its check digit is not verified: the
/// SRI has issued RUCs that fail the published rule.
fn ruc_ec(typed: &str) -> Option<String> {
    let text = compact(typed)?;
    let d = digits(&text).filter(|d| d.len() == 13)?;
    let province = d[0] * 10 + d[1];
    let kind_ok = d[2] <= 6 || d[2] == 9;
    let establishment = d[10] * 100 + d[11] * 10 + d[12];
    ((1..=24).contains(&province) || province == 30)
        .then_some(())
        .filter(|_| kind_ok && establishment > 0)
        .map(|_| text)
}

/// A United States EIN: 9 digits; `12-3456789`.
fn ein(typed: &str) -> Option<String> {
    let text = compact(typed)?;
    digits(&text)
        .filter(|d| d.len() == 9 && d[..2] != [0, 0])
        .map(|_| format!("{}-{}", &text[..2], &text[2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(country_code: &str, typed: &str) -> Option<String> {
        country(country_code).unwrap().canonical(typed)
    }

    #[test]
    fn each_country_reads_its_own_ids() {
        let good = [
            ("MX", " pce010203ab1 ", "PCE010203AB1"),
            ("AR", "20-12345678-6", "20-12345678-6"),
            ("AR", "30 71234567 1", "30-71234567-1"),
            ("CL", "12.345.678-5", "12345678-5"),
            ("CL", "7.654.321-6", "7654321-6"),
            ("CL", "11111111-1", "11111111-1"),
            ("CO", "900.123.456-8", "900123456-8"),
            ("CO", "8600695775", "860069577-5"),
            ("EC", "1790011674001", "1790011674001"),
            ("GT", "576937-K", "576937-K"),
            ("GT", "1234567-9", "1234567-9"),
            ("PE", "20100070970", "20100070970"),
            ("US", "12-3456789", "12-3456789"),
        ];
        for (c, typed, stored) in good {
            assert_eq!(canonical(c, typed).as_deref(), Some(stored), "{c} {typed}");
        }
    }

    #[test]
    fn a_wrong_check_digit_or_shape_is_refused() {
        let bad = [
            ("MX", "900123456-8"),
            ("AR", "20-12345678-5"),
            ("AR", "2012345678"),
            ("CL", "12.345.678-4"),
            ("CL", "12.345.678-K"),
            ("CO", "900.123.456-7"),
            ("EC", "9990011674001"),
            ("EC", "1790011674000"),
            ("GT", "576937-1"),
            ("PE", "20100070971"),
            ("PE", "30100070970"),
            ("US", "00-3456789"),
            ("US", "12-345678"),
            ("CL", "12.345.678/5"),
            ("CO", ""),
        ];
        for (c, typed) in bad {
            assert_eq!(canonical(c, typed), None, "{c} {typed}");
        }
    }

    #[test]
    fn a_country_is_found_by_its_code_in_any_case() {
        assert_eq!(country("mx").map(|c| c.iso3), Some("MEX"));
        assert_eq!(country(" co ").map(|c| c.code), Some("CO"));
        assert!(country("ZZ").is_none());
        assert!(country("MX").unwrap().is_mexico());
    }
}
