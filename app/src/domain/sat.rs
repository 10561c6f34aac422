//! The SAT catalogues of CFDI 4.0 that an invoice request of Embudo uses,
//! shipped as data (Anexo 20: c_RegimenFiscal, c_UsoCFDI, c_FormaPago,
//! c_MetodoPago). Their names are the SAT's own, in Spanish, shown as they
//! are in either language. The product and unit keys (c_ClaveProdServ,
//! c_ClaveUnidad, tens of thousands of rows) are checked by their format
//! only.

/// Who a régimen or a use applies to: a persona física (a 13-character
/// RFC), a persona moral (12), or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persons {
    Fisica,
    Moral,
    Both,
}

impl Persons {
    /// Does this apply to the person of an RFC of `rfc_len` characters?
    pub fn admit(self, rfc_len: usize) -> bool {
        match self {
            Persons::Both => true,
            Persons::Fisica => rfc_len == 13,
            Persons::Moral => rfc_len == 12,
        }
    }
}

/// One row of c_RegimenFiscal.
#[derive(Clone, Copy, Debug)]
pub struct Regime {
    pub code: &'static str,
    pub name: &'static str,
    pub persons: Persons,
}

const fn regime(code: &'static str, name: &'static str, persons: Persons) -> Regime {
    Regime {
        code,
        name,
        persons,
    }
}

/// c_RegimenFiscal, in code order.
pub const REGIMES: [Regime; 19] = [
    regime("601", "General de Ley Personas Morales", Persons::Moral),
    regime(
        "603",
        "Personas Morales con Fines no Lucrativos",
        Persons::Moral,
    ),
    regime(
        "605",
        "Sueldos y Salarios e Ingresos Asimilados a Salarios",
        Persons::Fisica,
    ),
    regime("606", "Arrendamiento", Persons::Fisica),
    regime(
        "607",
        "Régimen de Enajenación o Adquisición de Bienes",
        Persons::Fisica,
    ),
    regime("608", "Demás ingresos", Persons::Fisica),
    regime(
        "610",
        "Residentes en el Extranjero sin Establecimiento Permanente en México",
        Persons::Both,
    ),
    regime(
        "611",
        "Ingresos por Dividendos (socios y accionistas)",
        Persons::Fisica,
    ),
    regime(
        "612",
        "Personas Físicas con Actividades Empresariales y Profesionales",
        Persons::Fisica,
    ),
    regime("614", "Ingresos por intereses", Persons::Fisica),
    regime(
        "615",
        "Régimen de los ingresos por obtención de premios",
        Persons::Fisica,
    ),
    regime("616", "Sin obligaciones fiscales", Persons::Fisica),
    regime(
        "620",
        "Sociedades Cooperativas de Producción que optan por diferir sus ingresos",
        Persons::Moral,
    ),
    regime("621", "Incorporación Fiscal", Persons::Fisica),
    regime(
        "622",
        "Actividades Agrícolas, Ganaderas, Silvícolas y Pesqueras",
        Persons::Moral,
    ),
    regime("623", "Opcional para Grupos de Sociedades", Persons::Moral),
    regime("624", "Coordinados", Persons::Moral),
    regime(
        "625",
        "Régimen de las Actividades Empresariales con ingresos a través de Plataformas Tecnológicas",
        Persons::Fisica,
    ),
    regime("626", "Régimen Simplificado de Confianza", Persons::Both),
];

/// The régimen with `code`.
pub fn regime_of(code: &str) -> Option<&'static Regime> {
    REGIMES.iter().find(|r| r.code == code)
}

/// The régimenes a business use (G and I keys) is for.
const BUSINESS: &[&str] = &[
    "601", "603", "606", "612", "620", "621", "622", "623", "624", "625", "626",
];
/// The régimenes a personal deduction (D keys) is for.
const DEDUCTION: &[&str] = &[
    "605", "606", "607", "608", "611", "612", "614", "615", "625",
];

/// One row of c_UsoCFDI: the régimenes of the customer it is for (none:
/// every one).
#[derive(Clone, Copy, Debug)]
pub struct Use {
    pub code: &'static str,
    pub name: &'static str,
    pub persons: Persons,
    pub regimes: &'static [&'static str],
}

const fn business(code: &'static str, name: &'static str) -> Use {
    Use {
        code,
        name,
        persons: Persons::Both,
        regimes: BUSINESS,
    }
}

const fn deduction(code: &'static str, name: &'static str) -> Use {
    Use {
        code,
        name,
        persons: Persons::Fisica,
        regimes: DEDUCTION,
    }
}

/// The uses of c_UsoCFDI an income invoice (a sale) may carry, in the
/// catalogue's order (CP01, payments, and CN01, payroll, are for other
/// kinds of CFDI).
pub const USES: [Use; 22] = [
    business("G01", "Adquisición de mercancías"),
    business("G02", "Devoluciones, descuentos o bonificaciones"),
    business("G03", "Gastos en general"),
    business("I01", "Construcciones"),
    business("I02", "Mobiliario y equipo de oficina por inversiones"),
    business("I03", "Equipo de transporte"),
    business("I04", "Equipo de computo y accesorios"),
    business("I05", "Dados, troqueles, moldes, matrices y herramental"),
    business("I06", "Comunicaciones telefónicas"),
    business("I07", "Comunicaciones satelitales"),
    business("I08", "Otra maquinaria y equipo"),
    deduction("D01", "Honorarios médicos, dentales y gastos hospitalarios"),
    deduction("D02", "Gastos médicos por incapacidad o discapacidad"),
    deduction("D03", "Gastos funerales"),
    deduction("D04", "Donativos"),
    deduction(
        "D05",
        "Intereses reales efectivamente pagados por créditos hipotecarios (casa habitación)",
    ),
    deduction("D06", "Aportaciones voluntarias al SAR"),
    deduction("D07", "Primas por seguros de gastos médicos"),
    deduction("D08", "Gastos de transportación escolar obligatoria"),
    deduction(
        "D09",
        "Depósitos en cuentas para el ahorro, primas que tengan como base planes de pensiones",
    ),
    deduction("D10", "Pagos por servicios educativos (colegiaturas)"),
    Use {
        code: "S01",
        name: "Sin efectos fiscales",
        persons: Persons::Both,
        regimes: &[],
    },
];

/// The use with `code`.
pub fn use_of(code: &str) -> Option<&'static Use> {
    USES.iter().find(|u| u.code == code)
}

impl Use {
    /// May a customer of the régimen `regime` receive an invoice of this use?
    pub fn admits(&self, regime: &str) -> bool {
        self.regimes.is_empty() || self.regimes.contains(&regime)
    }
}

/// c_FormaPago: how the customer pays.
pub const PAYMENT_FORMS: [(&str, &str); 22] = [
    ("01", "Efectivo"),
    ("02", "Cheque nominativo"),
    ("03", "Transferencia electrónica de fondos"),
    ("04", "Tarjeta de crédito"),
    ("05", "Monedero electrónico"),
    ("06", "Dinero electrónico"),
    ("08", "Vales de despensa"),
    ("12", "Dación en pago"),
    ("13", "Pago por subrogación"),
    ("14", "Pago por consignación"),
    ("15", "Condonación"),
    ("17", "Compensación"),
    ("23", "Novación"),
    ("24", "Confusión"),
    ("25", "Remisión de deuda"),
    ("26", "Prescripción o caducidad"),
    ("27", "A satisfacción del acreedor"),
    ("28", "Tarjeta de débito"),
    ("29", "Tarjeta de servicios"),
    ("30", "Aplicación de anticipos"),
    ("31", "Intermediario pagos"),
    ("99", "Por definir"),
];

/// The payment form to be set later (a deferred payment's).
pub const FORM_TO_BE_DEFINED: &str = "99";

/// c_MetodoPago: paid at once (PUE) or in parts or later (PPD, whose form
/// is then [`FORM_TO_BE_DEFINED`]).
pub const PAYMENT_METHODS: [(&str, &str); 2] = [
    ("PUE", "Pago en una sola exhibición"),
    ("PPD", "Pago en parcialidades o diferido"),
];

/// The codes of a catalogue of (code, name).
pub fn codes(catalogue: &[(&'static str, &str)]) -> Vec<&'static str> {
    catalogue.iter().map(|(c, _)| *c).collect()
}

/// The codes of [`REGIMES`].
pub fn regime_codes() -> Vec<&'static str> {
    REGIMES.iter().map(|r| r.code).collect()
}

/// The codes of [`USES`].
pub fn use_codes() -> Vec<&'static str> {
    USES.iter().map(|u| u.code).collect()
}

/// Is `code` one of `catalogue`'s?
pub fn listed(catalogue: &[(&str, &str)], code: &str) -> bool {
    catalogue.iter().any(|(c, _)| *c == code)
}

/// A ClaveProdServ: 8 digits.
pub fn is_product_key(key: &str) -> bool {
    key.len() == 8 && key.bytes().all(|b| b.is_ascii_digit())
}

/// A ClaveUnidad: 1 to 3 capital letters or digits (H87, E48, KGM).
pub fn is_unit_key(key: &str) -> bool {
    (1..=3).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A Mexican código postal: 5 digits, from 01000.
pub fn is_zip(zip: &str) -> bool {
    zip.len() == 5 && zip.bytes().all(|b| b.is_ascii_digit()) && zip >= "01000"
}

/// The régimen societario a razón social must be written without since
/// CFDI 4.0 (`S.A. DE C.V.`, `SAPI DE CV`, `S. DE R.L.`, `S.C.`, `A.C.`):
/// the ending found, if any.
pub fn capital_regime(legal_name: &str) -> Option<&'static str> {
    const ENDINGS: [&str; 9] = [
        "SAPI DE CV",
        "SA DE CV",
        "S DE RL DE CV",
        "S DE RL",
        "SAB DE CV",
        "SAS DE CV",
        "SAS",
        "SC",
        "AC",
    ];
    let squeezed: String = legal_name
        .to_uppercase()
        .chars()
        .filter(|c| *c != '.' && *c != ',')
        .collect();
    let words: Vec<&str> = squeezed.split_whitespace().collect();
    let text = words.join(" ");
    ENDINGS.into_iter().find(|e| {
        text.strip_suffix(e)
            .is_some_and(|rest| rest.ends_with(' ') && rest.trim().len() > 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_hold_each_code_once_in_order() {
        let codes: Vec<&str> = REGIMES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        let uses: Vec<&str> = USES.iter().map(|u| u.code).collect();
        assert_eq!(uses.len(), 22);
        assert!(uses.iter().all(|c| use_of(c).is_some()));
        for set in [BUSINESS, DEDUCTION] {
            assert!(set.iter().all(|r| regime_of(r).is_some()), "{set:?}");
        }
        assert!(listed(&PAYMENT_FORMS, "03") && !listed(&PAYMENT_FORMS, "07"));
    }

    #[test]
    fn a_use_is_for_its_regimes_and_persons() {
        let g03 = use_of("G03").unwrap();
        assert!(g03.admits("601") && g03.admits("626"));
        assert!(
            !g03.admits("605"),
            "a salaried person does not deduct expenses"
        );
        let d01 = use_of("D01").unwrap();
        assert!(d01.admits("605") && !d01.admits("601"));
        assert!(!d01.persons.admit(12) && d01.persons.admit(13));
        assert!(use_of("S01").unwrap().admits("616"));
        assert!(use_of("CP01").is_none());
        assert!(regime_of("601").unwrap().persons.admit(12));
        assert!(!regime_of("601").unwrap().persons.admit(13));
        assert!(regime_of("626").unwrap().persons.admit(13));
    }

    #[test]
    fn keys_and_zips_are_checked_by_format() {
        assert!(is_product_key("43211503") && !is_product_key("4321150"));
        assert!(!is_product_key("4321150A"));
        assert!(is_unit_key("H87") && is_unit_key("E48") && !is_unit_key("h87"));
        assert!(!is_unit_key("ABCD") && !is_unit_key(""));
        assert!(is_zip("06600") && is_zip("99999"));
        assert!(!is_zip("00999") && !is_zip("6600") && !is_zip("0660A"));
    }

    #[test]
    fn a_legal_name_with_its_capital_regime_is_found() {
        assert_eq!(
            capital_regime("Papelería Central S.A. de C.V."),
            Some("SA DE CV")
        );
        assert_eq!(capital_regime("ACME, SAPI de CV"), Some("SAPI DE CV"));
        assert_eq!(capital_regime("Despacho Ruiz, S.C."), Some("SC"));
        assert_eq!(capital_regime("PAPELERIA CENTRAL"), None);
        assert_eq!(
            capital_regime("ISAAC"),
            None,
            "a word ending in the letters"
        );
        assert_eq!(capital_regime("SA DE CV"), None, "nothing but the ending");
    }
}
