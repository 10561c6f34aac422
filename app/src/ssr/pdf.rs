//! PDF papers (a quote, a nota de venta): pages of text, shaded bands and
//! rules laid out in points on US Letter (origin top left, y down), then
//! drawn by krilla in DejaVu Sans, embedded and subset — every Spanish
//! character, and text a reader can select, search and extract. The
//! layout is done first so each page's footer can say "página N de M".
use crate::error::AppError;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::sync::{Arc, LazyLock};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, in points.
pub const WIDTH: f32 = 612.0;
pub const HEIGHT: f32 = 792.0;
/// Space kept free around the page's content.
pub const MARGIN: f32 = 40.0;
/// Where content stops: the footer's line is below.
const BOTTOM: f32 = HEIGHT - MARGIN - 18.0;

/// The two faces a paper uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn bytes(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }
}

/// Which edge of a text `x` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// The faces as krilla draws them (parsed once).
static FONTS: LazyLock<Option<(Font, Font)>> = LazyLock::new(|| {
    let font = |bytes: &'static [u8]| {
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
        Font::new(data.into(), 0)
    };
    Some((font(REGULAR)?, font(BOLD)?))
});

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
enum Mark {
    /// `y` is the baseline; `gray` 0 is black.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        gray: u8,
        text: String,
    },
    /// A filled rectangle (a band or, thin, a rule).
    Band {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
}

/// Pages being laid out, and where the next line goes on the last one.
#[derive(Debug)]
pub struct Layout {
    pages: Vec<Vec<Mark>>,
    /// The next line's top, on the last page.
    pub y: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            pages: vec![vec![]],
            y: MARGIN,
        }
    }
}

/// How wide `text` is in `weight` at `size` points (advance widths; no
/// kerning, which a few tenths of a point at most).
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let Ok(font) = skrifa::FontRef::new(weight.bytes()) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size * 0.5)
        })
        .sum()
}

/// `text` broken into lines no wider than `max` (at its line breaks, then
/// between words; a word wider than a line is cut).
pub fn wrap(text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = vec![];
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let joined = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&joined, size, weight) <= max {
                line = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word longer than the line is cut where it no longer fits.
            for c in word.chars() {
                line.push(c);
                if width(&line, size, weight) > max && line.chars().count() > 1 {
                    let last = line.pop().unwrap_or(c);
                    lines.push(std::mem::replace(&mut line, last.to_string()));
                }
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

impl Layout {
    fn page(&mut self) -> &mut Vec<Mark> {
        if self.pages.is_empty() {
            self.pages.push(vec![]);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Writes `text` with its baseline at `y`, its `align` edge at `x`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        align: Align,
        gray: u8,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Right => x - width(text, size, weight),
        };
        self.page().push(Mark::Text {
            x,
            y,
            size,
            weight,
            gray,
            text: text.to_string(),
        });
    }

    /// A filled rectangle from (`x`, `y`), `w` wide and `h` high.
    pub fn band(&mut self, x: f32, y: f32, w: f32, h: f32, gray: u8) {
        self.page().push(Mark::Band { x, y, w, h, gray });
    }

    /// Starts a new page, its content from the top margin.
    pub fn new_page(&mut self) {
        self.pages.push(vec![]);
        self.y = MARGIN;
    }

    /// Makes room for `height` more points: a new page when the last one
    /// has less left; answers whether it started one.
    pub fn room(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            return true;
        }
        false
    }

    /// The pages drawn, each with the footer `footer(page, pages)` (its
    /// left and right texts), as a PDF titled `title` in `language`.
    pub fn finish(
        self,
        title: &str,
        language: &str,
        footer: impl Fn(usize, usize) -> (String, String),
    ) -> Result<Vec<u8>, AppError> {
        let Some((regular, bold)) = FONTS.as_ref() else {
            tracing::error!("the PDF fonts do not read");
            return Err(AppError::Internal);
        };
        let mut document = Document::new();
        document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(title.to_string())
                .language(language.to_string())
                .creator("Embudo".to_string()),
        );
        let count = self.pages.len();
        for (i, marks) in self.pages.into_iter().enumerate() {
            let (left, right) = footer(i + 1, count);
            let mut all = marks;
            let rule_y = HEIGHT - MARGIN - 12.0;
            all.push(Mark::Band {
                x: MARGIN,
                y: rule_y,
                w: WIDTH - 2.0 * MARGIN,
                h: 0.5,
                gray: 200,
            });
            for (x, align, text) in [
                (MARGIN, Align::Left, left),
                (WIDTH - MARGIN, Align::Right, right),
            ] {
                let x = match align {
                    Align::Left => x,
                    Align::Right => x - width(&text, 7.5, Weight::Regular),
                };
                all.push(Mark::Text {
                    x,
                    y: rule_y + 10.0,
                    size: 7.5,
                    weight: Weight::Regular,
                    gray: 110,
                    text,
                });
            }
            let mut page = document.start_page_with(PageSettings::new(WIDTH, HEIGHT));
            let mut surface = page.surface();
            for mark in all {
                match mark {
                    Mark::Text {
                        x,
                        y,
                        size,
                        weight,
                        gray,
                        text,
                    } => {
                        surface.set_fill(Some(fill(gray)));
                        let font = match weight {
                            Weight::Regular => regular.clone(),
                            Weight::Bold => bold.clone(),
                        };
                        surface.draw_text(
                            Point::from_xy(x, y),
                            font,
                            size,
                            &text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Mark::Band { x, y, w, h, gray } => {
                        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                            continue;
                        };
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(fill(gray)));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| {
            tracing::error!(error = ?e, "a PDF could not be written");
            AppError::Internal
        })
    }
}

/// A gray fill (0: black, 255: white).
fn fill(gray: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(gray, gray, gray).into(),
        ..Fill::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_and_wrapped_to_its_width() {
        let one = width("Instalación", 10.0, Weight::Regular);
        assert!(one > 40.0 && one < 70.0, "{one}");
        assert!(width("Instalación", 10.0, Weight::Bold) > one);
        assert_eq!(width("", 10.0, Weight::Regular), 0.0);
        let lines = wrap(
            "Licencia anual de software de punto de venta\nCon soporte",
            10.0,
            Weight::Regular,
            120.0,
        );
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("Con soporte"));
        for l in &lines {
            assert!(width(l, 10.0, Weight::Regular) <= 120.0, "{l}");
        }
        // A word wider than the line is cut, nothing lost.
        let long = "x".repeat(80);
        let cut = wrap(&long, 10.0, Weight::Regular, 100.0);
        assert!(cut.len() > 1);
        assert_eq!(cut.concat(), long);
    }

    #[test]
    fn pages_are_written_with_their_footers() {
        let mut l = Layout::default();
        l.text(
            MARGIN,
            60.0,
            12.0,
            Weight::Bold,
            Align::Left,
            0,
            "Cotización ñandú",
        );
        l.band(MARGIN, 70.0, 100.0, 1.0, 0);
        l.new_page();
        l.text(
            WIDTH - MARGIN,
            60.0,
            10.0,
            Weight::Regular,
            Align::Right,
            0,
            "Total",
        );
        let pdf = l
            .finish("COT-000001", "es-MX", |n, of| {
                (String::new(), format!("{n} de {of}"))
            })
            .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 1_000);
    }
}
