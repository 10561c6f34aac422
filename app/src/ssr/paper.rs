//! A commercial paper as a PDF the customer keeps — a quote (cotización)
//! or a nota de venta: the account's name, the folio and its dates, the
//! customer's fiscal data, every line with its figures, the subtotal, IVA
//! by rate and total, (a quote's) validity, notes and terms — in the
//! account's language and its formats of money and dates. The figures are
//! the stored ones (frozen once sent or issued): nothing is computed here.
use crate::domain::deal_lines::{discount_of, quantity_of};
use crate::domain::lines::{IvaRate, Totals};
use crate::domain::locale::UiLocale;
use crate::domain::quotes::QuoteCustomer;
use crate::error::AppError;
use crate::ssr::deals::db::lines::LineRow;
use crate::ssr::format::Formats;
use crate::ssr::pdf::{Align, Layout, MARGIN, WIDTH, Weight, wrap};
use chrono::NaiveDate;
use chrono_tz::Tz;
use leptos_i18n::td_string;

/// The words of a paper, in one language.
struct Words {
    quote_title: &'static str,
    sale_note_title: &'static str,
    folio: &'static str,
    date: &'static str,
    valid_until: &'static str,
    customer: &'static str,
    tax_id: &'static str,
    address: &'static str,
    attention: &'static str,
    email: &'static str,
    description: &'static str,
    quantity: &'static str,
    unit_price: &'static str,
    discount: &'static str,
    iva: &'static str,
    amount: &'static str,
    subtotal: &'static str,
    exempt: &'static str,
    total: &'static str,
    currency: &'static str,
    notes: &'static str,
    terms: &'static str,
    page: &'static str,
    of: &'static str,
    cancelled: &'static str,
}

impl Words {
    fn new(locale: UiLocale) -> Words {
        let l = crate::components::session::to_i18n(locale);
        Words {
            quote_title: td_string!(l, pdf.quote_title),
            sale_note_title: td_string!(l, pdf.sale_note_title),
            folio: td_string!(l, pdf.folio),
            date: td_string!(l, pdf.date),
            valid_until: td_string!(l, pdf.valid_until),
            customer: td_string!(l, pdf.customer),
            tax_id: td_string!(l, pdf.tax_id),
            address: td_string!(l, pdf.address),
            attention: td_string!(l, pdf.attention),
            email: td_string!(l, pdf.email),
            description: td_string!(l, pdf.description),
            quantity: td_string!(l, pdf.quantity),
            unit_price: td_string!(l, pdf.unit_price),
            discount: td_string!(l, pdf.discount),
            iva: td_string!(l, pdf.iva),
            amount: td_string!(l, pdf.amount),
            subtotal: td_string!(l, pdf.subtotal),
            exempt: td_string!(l, pdf.exempt),
            total: td_string!(l, pdf.total),
            currency: td_string!(l, pdf.currency),
            notes: td_string!(l, pdf.notes),
            terms: td_string!(l, pdf.terms),
            page: td_string!(l, pdf.page),
            of: td_string!(l, pdf.of),
            cancelled: td_string!(l, pdf.cancelled),
        }
    }
}

/// The table's columns: the description's width, then each figure's
/// right edge (quantity, unit price, discount, IVA, amount).
const DESCRIPTION: f32 = 220.0;
const QUANTITY: f32 = 322.0;
const PRICE: f32 = 402.0;
const DISCOUNT: f32 = 446.0;
const RATE: f32 = 492.0;
const RIGHT: f32 = WIDTH - MARGIN;
/// Points between two lines of the table's text.
const LEADING: f32 = 11.5;
const SIZE: f32 = 8.5;

/// Whose paper it is: the account, as its customer reads it.
pub struct Paper {
    pub account_name: String,
    pub locale: UiLocale,
    pub tz: Tz,
}

/// The local date of the instant `ms`, written for `formats`.
fn day(formats: Formats, tz: Tz, ms: i64) -> String {
    formats.date(crate::domain::dashboard::day_date(
        crate::ssr::clock::local_day(tz, ms),
    ))
}

/// An IVA code as the paper writes it.
fn rate_label(w: &Words, code: &str) -> String {
    match IvaRate::parse(code) {
        Some(IvaRate::Exempt) | None => w.exempt.to_string(),
        Some(r) => format!("{} %", r.code()),
    }
}

/// Text lines one table row shows at most (a page holds about 55).
const MAX_ROWS: usize = 30;

/// `text` wrapped to `max` points, at most `rows` lines (the last one
/// ending in "…" when some were left out).
fn capped(text: &str, size: f32, weight: Weight, max: f32, rows: usize) -> Vec<String> {
    let mut lines = wrap(text, size, weight, max);
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// The first line of `text` wrapped to `max` points ("…" when cut).
fn first_line(text: &str, size: f32, weight: Weight, max: f32) -> String {
    capped(text, size, weight, max, 1)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The table's head at the layout's line.
fn head(l: &mut Layout, w: &Words) {
    let top = l.y;
    l.band(MARGIN, top, WIDTH - 2.0 * MARGIN, 16.0, 235);
    let y = top + 11.0;
    l.text(
        MARGIN + 4.0,
        y,
        8.0,
        Weight::Bold,
        Align::Left,
        60,
        w.description,
    );
    for (x, text) in [
        (QUANTITY, w.quantity),
        (PRICE, w.unit_price),
        (DISCOUNT, w.discount),
        (RATE, w.iva),
        (RIGHT - 4.0, w.amount),
    ] {
        l.text(x, y, 8.0, Weight::Bold, Align::Right, 60, text);
    }
    l.y = top + 20.0;
}

impl Paper {
    /// The paper of `actor`'s account: its name, language and zone.
    pub fn of(actor: &crate::ssr::auth::guard::Actor) -> Paper {
        Paper {
            account_name: actor.row.account_name.clone(),
            locale: UiLocale::preferred(None, &actor.row.account_locale),
            tz: actor.clock.tz,
        }
    }

    /// The paper of the account named `name`, of language `locale` and
    /// time zone `time_zone` (a worker's, with no one signed in).
    pub fn for_account(name: &str, locale: &str, time_zone: &str) -> Result<Paper, AppError> {
        Ok(Paper {
            account_name: name.to_string(),
            locale: UiLocale::preferred(None, locale),
            tz: crate::ssr::clock::time_zone(time_zone)?,
        })
    }
}

/// Which paper, and what it alone has.
pub enum Kind {
    /// Valid until a local date (`YYYY-MM-DD`).
    Quote {
        valid_until: String,
    },
    SaleNote,
}

/// A paper's stored particulars (its lines apart).
pub struct Doc {
    pub kind: Kind,
    /// `COT-000123`, `NV-000123`.
    pub folio: String,
    /// When it was sent or issued (UTC ms).
    pub dated: i64,
    pub currency: String,
    pub customer: QuoteCustomer,
    pub totals: Totals,
    pub notes: Option<String>,
    pub terms: Option<String>,
    pub cancelled: bool,
}

/// [`render`] off the request threads (laying out and compressing a
/// paper is work for a blocking thread).
pub async fn render_off(p: Paper, doc: Doc, lines: Vec<LineRow>) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || render(&p, &doc, &lines))
        .await
        .map_err(|_| AppError::Internal)?
}

/// The paper `doc` with its `lines` as a PDF.
pub fn render(p: &Paper, doc: &Doc, lines: &[LineRow]) -> Result<Vec<u8>, AppError> {
    let w = Words::new(p.locale);
    let f = Formats::new(p.locale);
    let money = |minor: i64| f.money(minor, &doc.currency);
    let number = doc.folio.clone();
    let mut l = Layout::default();
    let title = match doc.kind {
        Kind::Quote { .. } => w.quote_title,
        Kind::SaleNote => w.sale_note_title,
    };

    // The account and the paper's number and dates.
    l.text(
        MARGIN,
        MARGIN + 14.0,
        15.0,
        Weight::Bold,
        Align::Left,
        20,
        &first_line(&p.account_name, 15.0, Weight::Bold, 300.0),
    );
    l.text(
        RIGHT,
        MARGIN + 12.0,
        13.0,
        Weight::Bold,
        Align::Right,
        20,
        title,
    );
    let mut facts = vec![(w.folio, number.clone()), (w.date, day(f, p.tz, doc.dated))];
    if let Kind::Quote { valid_until } = &doc.kind {
        let valid = NaiveDate::parse_from_str(valid_until, "%Y-%m-%d")
            .map(|d| f.date(d))
            .unwrap_or_else(|_| valid_until.clone());
        facts.push((w.valid_until, valid));
    }
    facts.push((w.currency, doc.currency.clone()));
    let mut y = MARGIN + 28.0;
    for (label, value) in facts {
        l.text(
            RIGHT - 90.0,
            y,
            8.5,
            Weight::Regular,
            Align::Right,
            110,
            label,
        );
        l.text(RIGHT, y, 8.5, Weight::Bold, Align::Right, 20, &value);
        y += 12.0;
    }
    if doc.cancelled {
        l.text(
            RIGHT,
            y + 4.0,
            11.0,
            Weight::Bold,
            Align::Right,
            90,
            w.cancelled,
        );
    }

    // The customer, as copied on the quote.
    let mut y = MARGIN + 40.0;
    l.text(MARGIN, y, 8.0, Weight::Bold, Align::Left, 110, w.customer);
    y += 13.0;
    let c = &doc.customer;
    if let Some(name) = &c.name {
        for line in capped(name, 10.0, Weight::Bold, 300.0, 3) {
            l.text(MARGIN, y, 10.0, Weight::Bold, Align::Left, 20, &line);
            y += 12.5;
        }
    }
    let details = [
        (w.tax_id, &c.tax_id),
        (w.address, &c.address),
        (w.attention, &c.contact_name),
        (w.email, &c.contact_email),
    ];
    for (label, value) in details {
        let Some(value) = value else { continue };
        let text = format!("{label}: {value}");
        for line in capped(&text, 8.5, Weight::Regular, 300.0, 4) {
            l.text(MARGIN, y, 8.5, Weight::Regular, Align::Left, 40, &line);
            y += 11.5;
        }
    }
    l.y = y.max(MARGIN + 90.0) + 14.0;

    // The lines: the head again on every page they run onto.
    head(&mut l, &w);
    for r in lines {
        let mut text = capped(&r.description, SIZE, Weight::Regular, DESCRIPTION, MAX_ROWS);
        if let Some(sku) = &r.sku {
            text.insert(0, sku.clone());
        }
        let height = text.len() as f32 * LEADING + 6.0;
        if l.room(height) {
            head(&mut l, &w);
        }
        let top = l.y;
        let first = top + 9.0;
        for (i, t) in text.iter().enumerate() {
            let sku = i == 0 && r.sku.is_some();
            let (size, gray) = if sku { (7.0, 120) } else { (SIZE, 20) };
            l.text(
                MARGIN + 4.0,
                first + i as f32 * LEADING,
                size,
                Weight::Regular,
                Align::Left,
                gray,
                t,
            );
        }
        let discount = discount_of(r.discount_bp);
        let discount = if discount.is_zero() {
            String::new()
        } else {
            format!("{discount} %")
        };
        let figures = [
            (QUANTITY, quantity_of(r.quantity_milli).to_string()),
            (PRICE, money(r.unit_price_minor)),
            (DISCOUNT, discount),
            (RATE, rate_label(&w, &r.iva)),
            (RIGHT - 4.0, money(r.subtotal_minor)),
        ];
        for (x, t) in figures {
            l.text(x, first, SIZE, Weight::Regular, Align::Right, 20, t.trim());
        }
        l.y = top + height;
        l.band(MARGIN, l.y - 2.0, WIDTH - 2.0 * MARGIN, 0.4, 215);
    }

    // The totals: IVA by rate, as a contador reads them.
    let mut rates: Vec<(String, i64)> = vec![];
    for r in lines.iter().filter(|r| r.iva_minor != 0) {
        let label = format!("{} {}", w.iva, rate_label(&w, &r.iva));
        match rates.iter_mut().find(|(l, _)| *l == label) {
            Some((_, sum)) => *sum += r.iva_minor,
            None => rates.push((label, r.iva_minor)),
        }
    }
    if rates.is_empty() {
        rates.push((w.iva.to_string(), 0));
    }
    let mut totals = vec![(
        w.subtotal.to_string(),
        money(doc.totals.subtotal_minor),
        false,
    )];
    totals.extend(
        rates
            .into_iter()
            .map(|(label, sum)| (label, money(sum), false)),
    );
    totals.push((
        format!("{} {}", w.total, doc.currency),
        money(doc.totals.total_minor),
        true,
    ));
    l.room(totals.len() as f32 * 15.0 + 10.0);
    l.y += 8.0;
    for (label, value, strong) in totals {
        let weight = if strong {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let size = if strong { 10.5 } else { 9.0 };
        l.text(
            RIGHT - 110.0,
            l.y + 10.0,
            size,
            weight,
            Align::Right,
            60,
            &label,
        );
        l.text(
            RIGHT - 4.0,
            l.y + 10.0,
            size,
            weight,
            Align::Right,
            20,
            &value,
        );
        l.y += if strong { 17.0 } else { 14.0 };
    }

    // Notes and terms, as written.
    for (heading, text) in [(w.notes, &doc.notes), (w.terms, &doc.terms)] {
        let Some(text) = text else { continue };
        l.room(30.0);
        l.y += 14.0;
        l.text(MARGIN, l.y, 8.5, Weight::Bold, Align::Left, 60, heading);
        l.y += 13.0;
        for line in wrap(text, 8.5, Weight::Regular, WIDTH - 2.0 * MARGIN) {
            if l.room(12.0) {
                l.y += 8.0;
            }
            l.text(MARGIN, l.y, 8.5, Weight::Regular, Align::Left, 30, &line);
            l.y += 11.5;
        }
    }

    let language = match p.locale {
        UiLocale::Es => "es-MX",
        UiLocale::En => "en",
    };
    let left = format!("{} · {number}", p.account_name);
    l.finish(&number, language, |n, of| {
        (left.clone(), format!("{} {n} {} {of}", w.page, w.of))
    })
}
