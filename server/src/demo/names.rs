//! Spanish-language building blocks for demo data.
use app::domain::fiscal::Fiscal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const FIRST_NAMES: [&str; 32] = [
    "María",
    "José",
    "Guadalupe",
    "Juan",
    "Ana",
    "Carlos",
    "Alejandra",
    "Miguel",
    "Daniela",
    "Jesús",
    "Mariana",
    "Ricardo",
    "Gabriela",
    "Eduardo",
    "Lucía",
    "Francisco",
    "Paola",
    "Arturo",
    "Karla",
    "Roberto",
    "Ximena",
    "Héctor",
    "Andrea",
    "Raúl",
    "Claudia",
    "Fernando",
    "Patricia",
    "Óscar",
    "Mónica",
    "Emilio",
    "Renata",
    "Iván",
];
const LAST_NAMES: [&str; 32] = [
    "García",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Jiménez",
    "Reyes",
    "Díaz",
    "Torres",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Castillo",
    "Romero",
    "Chávez",
    "Rivera",
    "Juárez",
    "Medina",
    "Herrera",
    "Vargas",
    "Guerrero",
    "Salazar",
];
const ORG_KINDS: [&str; 14] = [
    "Grupo",
    "Comercializadora",
    "Distribuidora",
    "Industrias",
    "Servicios",
    "Constructora",
    "Farmacias",
    "Transportes",
    "Alimentos",
    "Tecnologías",
    "Manufacturas",
    "Abarrotes",
    "Consultores",
    "Hoteles",
];
const ORG_NAMES: [&str; 24] = [
    "del Bajío",
    "Regiomontana",
    "Azteca",
    "del Pacífico",
    "Sierra Madre",
    "Anáhuac",
    "Tapatía",
    "Queretana",
    "Maya",
    "del Golfo",
    "Potosina",
    "Huasteca",
    "del Valle",
    "Cuauhtémoc",
    "Jarocha",
    "Norteña",
    "Poblana",
    "Oaxaqueña",
    "del Sureste",
    "Tolteca",
    "Chihuahuense",
    "Sonorense",
    "Yucateca",
    "Zacatecana",
];
const ORG_FORMS: [&str; 4] = [
    "S.A. de C.V.",
    "S. de R.L. de C.V.",
    "S.A.P.I. de C.V.",
    "S.C.",
];
const CITIES: [&str; 12] = [
    "Monterrey, N.L.",
    "Guadalajara, Jal.",
    "Ciudad de México",
    "Querétaro, Qro.",
    "Puebla, Pue.",
    "León, Gto.",
    "Mérida, Yuc.",
    "Saltillo, Coah.",
    "Tijuana, B.C.",
    "San Luis Potosí, S.L.P.",
    "Aguascalientes, Ags.",
    "Hermosillo, Son.",
];
const STREETS: [&str; 8] = [
    "Av. Constitución",
    "Calle Hidalgo",
    "Av. Juárez",
    "Blvd. Díaz Ordaz",
    "Calle Morelos",
    "Av. Reforma",
    "Calle Zaragoza",
    "Av. Revolución",
];

/// Job titles of contacts.
pub const JOB_TITLES: [&str; 8] = [
    "Director general",
    "Gerente de compras",
    "Jefa de operaciones",
    "Coordinador administrativo",
    "Directora de finanzas",
    "Gerente de TI",
    "Encargado de almacén",
    "Asistente de dirección",
];
/// What the demo company sells.
pub const PRODUCTS: [&str; 14] = [
    "Licencias de software",
    "Póliza de mantenimiento",
    "Equipo de cómputo",
    "Capacitación en ventas",
    "Mobiliario de oficina",
    "Servicio de logística",
    "Consultoría fiscal",
    "Renovación de contrato",
    "Uniformes corporativos",
    "Sistema de videovigilancia",
    "Paneles solares",
    "Material de empaque",
    "Implementación de ERP",
    "Flotilla de vehículos",
];
/// The demo company's catalogue: (SKU, name, unit price in centavos, IVA
/// rate, SAT ClaveProdServ, ClaveUnidad, active).
pub type CatalogueItem = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);
pub const CATALOGUE: [CatalogueItem; 17] = [
    (
        "LIC-ERP-01",
        "Licencia anual de software",
        1_850_000,
        "16",
        Some("43231500"),
        Some("E48"),
        true,
    ),
    (
        "POL-MANT-12",
        "Póliza de mantenimiento 12 meses",
        2_400_000,
        "16",
        Some("81112200"),
        Some("E48"),
        true,
    ),
    (
        "EQ-LAP-14",
        "Laptop 14\" i7 16 GB",
        2_299_900,
        "16",
        Some("43211503"),
        Some("H87"),
        true,
    ),
    (
        "CAP-VTAS-8H",
        "Capacitación en ventas (8 h)",
        950_000,
        "16",
        Some("86101700"),
        Some("E48"),
        true,
    ),
    (
        "MOB-ESC-01",
        "Escritorio ejecutivo",
        689_000,
        "16",
        Some("56101700"),
        Some("H87"),
        true,
    ),
    (
        "MOB-SIL-02",
        "Silla ergonómica",
        459_000,
        "16",
        Some("56112100"),
        Some("H87"),
        true,
    ),
    (
        "LOG-FLE-01",
        "Servicio de flete local",
        350_000,
        "16",
        Some("78101800"),
        Some("E48"),
        true,
    ),
    (
        "CONS-FIS-H",
        "Consultoría fiscal (hora)",
        180_000,
        "16",
        Some("80101500"),
        Some("HUR"),
        true,
    ),
    (
        "UNI-POL-01",
        "Playera polo bordada",
        32_000,
        "16",
        Some("53101600"),
        Some("H87"),
        true,
    ),
    (
        "CCTV-KIT-8",
        "Kit de videovigilancia 8 cámaras",
        1_499_000,
        "16",
        Some("46171600"),
        Some("H87"),
        true,
    ),
    (
        "SOL-PAN-550",
        "Panel solar 550 W",
        429_000,
        "16",
        Some("26111600"),
        Some("H87"),
        true,
    ),
    (
        "EMP-CAJ-100",
        "Caja de cartón corrugado (100 piezas)",
        185_000,
        "16",
        Some("24112700"),
        Some("XBX"),
        true,
    ),
    (
        "ERP-IMP-01",
        "Implementación de ERP",
        12_000_000,
        "16",
        Some("81111500"),
        Some("E48"),
        true,
    ),
    (
        "FRONT-SERV",
        "Instalación en zona fronteriza",
        500_000,
        "8",
        Some("72151500"),
        Some("E48"),
        true,
    ),
    (
        "LIB-VTAS-01",
        "Libro: técnicas de venta consultiva",
        45_000,
        "0",
        Some("55101500"),
        Some("H87"),
        true,
    ),
    (
        "CUR-SEP-01",
        "Curso con validez oficial SEP",
        800_000,
        "exempt",
        Some("86101700"),
        Some("E48"),
        true,
    ),
    (
        "POL-MANT-06",
        "Póliza de mantenimiento 6 meses (descontinuada)",
        1_300_000,
        "16",
        None,
        None,
        false,
    ),
];
/// Where deals come from.
pub const SOURCES: [&str; 6] = [
    "Sitio web",
    "Referido",
    "Llamada en frío",
    "Expo comercial",
    "Redes sociales",
    "Cliente recurrente",
];
/// Comments on deals.
pub const COMMENTS: [&str; 8] = [
    "Enviamos la cotización actualizada con el descuento por volumen.",
    "El cliente pide una demostración con su equipo de compras.",
    "Quedamos de llamar el jueves para revisar la propuesta.",
    "Solicitan factura con complemento de pago; confirmar con administración.",
    "Están comparando con otra opción, pero les gustó el tiempo de entrega.",
    "Pendiente la firma del director general.",
    "Piden ampliar el plazo de pago a 60 días.",
    "Se agendó visita a la planta para la próxima semana.",
];
/// Activities: (kind, subject).
pub const ACTIVITIES: [(&str, &str); 8] = [
    ("llamada", "Llamada de seguimiento"),
    ("reunion", "Reunión para presentar propuesta"),
    ("correo", "Enviar cotización por correo"),
    ("mensaje", "Confirmar asistencia por WhatsApp"),
    ("tarea", "Preparar contrato"),
    ("llamada", "Llamar para negociar condiciones"),
    ("reunion", "Demostración del producto"),
    ("tarea", "Revisar requisitos técnicos"),
];

/// A person's first and last name.
pub fn person(rng: &mut ChaCha8Rng) -> (&'static str, &'static str) {
    (
        FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())],
        LAST_NAMES[rng.random_range(0..LAST_NAMES.len())],
    )
}

/// A company name such as "Distribuidora del Bajío S.A. de C.V.".
pub fn organization(rng: &mut ChaCha8Rng) -> String {
    let kind = ORG_KINDS[rng.random_range(0..ORG_KINDS.len())];
    let form = ORG_FORMS[rng.random_range(0..ORG_FORMS.len())];
    if rng.random_ratio(1, 3) {
        let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
        format!("{kind} {last} {form}")
    } else {
        format!(
            "{kind} {} {form}",
            ORG_NAMES[rng.random_range(0..ORG_NAMES.len())]
        )
    }
}

/// The name without its legal form, for deal titles.
pub fn short(org: &str) -> String {
    ORG_FORMS.iter().fold(org.to_string(), |s, form| {
        s.trim_end_matches(form).trim_end().to_string()
    })
}

/// Lower-case ASCII of a Spanish word, for emails and domains.
pub fn ascii(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            'á' | 'Á' => Some('a'),
            'é' | 'É' => Some('e'),
            'í' | 'Í' => Some('i'),
            'ó' | 'Ó' => Some('o'),
            'ú' | 'Ú' | 'ü' => Some('u'),
            'ñ' | 'Ñ' => Some('n'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// A made-up `.com.mx` domain, unique by index.
pub fn domain(org: &str, index: i64) -> String {
    let words: Vec<String> = short(org).split_whitespace().skip(1).map(ascii).collect();
    format!("{}{index}.com.mx", words.join(""))
}

/// A Mexican RFC-shaped tax id for a company (3 letters, date, 3 characters).
pub fn rfc(org: &str, rng: &mut ChaCha8Rng) -> String {
    let letters: String = ascii(org)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_uppercase();
    const HOMOCLAVE: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let h: String = (0..3)
        .map(|_| HOMOCLAVE[rng.random_range(0..HOMOCLAVE.len())] as char)
        .collect();
    format!(
        "{letters:X<3}{:02}{:02}{:02}{h}",
        rng.random_range(0..25),
        rng.random_range(1..13),
        rng.random_range(1..29)
    )
}

/// A ten-digit Mexican phone number.
pub fn phone(rng: &mut ChaCha8Rng) -> String {
    let area = [55, 33, 81, 442, 222, 477][rng.random_range(0..6)];
    let rest_len = if area < 100 { 8 } else { 7 };
    let rest: String = (0..rest_len)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    format!("{area} {rest}")
}

/// A street address in a Mexican city.
pub fn address(rng: &mut ChaCha8Rng) -> String {
    format!(
        "{} {}, {}",
        STREETS[rng.random_range(0..STREETS.len())],
        rng.random_range(10..2500),
        CITIES[rng.random_range(0..CITIES.len())]
    )
}

/// A deal value in centavos: log-uniform from $2,000 to $1,500,000, mostly
/// rounded to $50, sometimes with cents.
pub fn value_minor(rng: &mut ChaCha8Rng) -> i64 {
    let pesos = (2_000f64.ln() + rng.random::<f64>() * (1_500_000f64.ln() - 2_000f64.ln())).exp();
    let rounded = ((pesos / 50.0).round() as i64) * 50 * 100;
    if rng.random_ratio(1, 5) {
        rounded + rng.random_range(1..100)
    } else {
        rounded
    }
}

/// An organization's fiscal data for the demo, from its name and its
/// number alone (the seeded random stream stays as it was): a company of
/// the general régimen, its razón social without its legal form, in one of a few cities' postal codes.
pub fn fiscal(org: &str, i: i64) -> Fiscal {
    const ZIPS: [&str; 6] = ["06600", "44100", "64000", "72000", "76000", "97000"];
    const USES: [&str; 3] = ["G03", "G01", "I04"];
    let n = i.unsigned_abs() as usize;
    Fiscal {
        legal_name: Some(short(org).to_uppercase()),
        tax_system: Some("601".into()),
        tax_zip: Some(ZIPS[n % ZIPS.len()].into()),
        cfdi_use: Some(USES[n % USES.len()].into()),
        ..Fiscal::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn names_are_spanish_and_well_formed() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let org = organization(&mut rng);
        assert!(ORG_KINDS.iter().any(|k| org.starts_with(k)), "{org}");
        assert!(!short(&org).contains("C.V."), "{}", short(&org));
        assert_eq!(ascii("Ñandú Peñón"), "nandupenon");
        let r = rfc("Grupo Azteca S.A. de C.V.", &mut rng);
        assert_eq!(r.len(), 12, "{r}");
        assert!(r.starts_with("GRU"));
        for _ in 0..1000 {
            let v = value_minor(&mut rng);
            assert!((200_000..=150_000_099).contains(&v), "{v}");
        }
    }
}
