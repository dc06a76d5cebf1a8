//! The invoice as a PDF, drawn with krilla (the PDF writer behind Typst): fonts embedded
//! and subset, text extractable (each glyph keeps its Unicode), A4 or Letter.
//!
//! Text is set in DejaVu Sans, bundled (`assets/fonts`, its licence beside it), which
//! covers Latin, Greek and Cyrillic (€, ł, ü…). A character it lacks (日本) is set in the
//! first system font that has it (fontdb finds them on Linux, macOS and Windows); with no
//! such font the character cannot be drawn, and the PDF says so rather than print boxes.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

use super::document::Document;
use super::lines::Line;
use crate::contracts::{ContractError, Currency};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const MARGIN: f32 = 50.0;
const BODY: f32 = 9.5;
const LEADING: f32 = 13.0;

/// A font's bytes with what is needed to measure and draw it.
#[derive(Clone)]
struct Face {
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    index: u32,
    font: Font,
}

impl Face {
    fn new(data: Arc<dyn AsRef<[u8]> + Send + Sync>, index: u32) -> Option<Face> {
        let font = Font::new(krilla::Data::from(data.clone()), index)?;
        Some(Face { data, index, font })
    }

    fn skrifa(&self) -> Option<skrifa::FontRef<'_>> {
        skrifa::FontRef::from_index((*self.data).as_ref(), self.index).ok()
    }

    fn covers(&self, c: char) -> bool {
        self.skrifa().and_then(|f| f.charmap().map(c)).is_some()
    }

    /// Width of `text` at `size` in points (advances; no kerning).
    fn width(&self, text: &str, size: f32) -> f32 {
        let Some(f) = self.skrifa() else { return 0.0 };
        let charmap = f.charmap();
        let metrics = f.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
    }
}

/// The bundled fonts and any system fonts found for characters they lack.
struct Fonts {
    regular: Face,
    bold: Face,
    fallback: Vec<Face>,
    system: Option<fontdb::Database>,
}

impl Fonts {
    fn new() -> Result<Fonts, ContractError> {
        let face = |bytes: &'static [u8]| {
            Face::new(Arc::new(bytes), 0).ok_or_else(|| {
                ContractError::Unwritable("the invoice".into(), "its font could not be read".into())
            })
        };
        Ok(Fonts {
            regular: face(REGULAR)?,
            bold: face(BOLD)?,
            fallback: Vec::new(),
            system: None,
        })
    }

    /// The face to set `c` in: the wanted one, else a fallback that has it.
    fn for_char(&mut self, c: char, bold: bool) -> Option<Face> {
        let wanted = if bold { &self.bold } else { &self.regular };
        if c.is_whitespace() || wanted.covers(c) {
            return Some(wanted.clone());
        }
        if let Some(f) = self.fallback.iter().find(|f| f.covers(c)) {
            return Some(f.clone());
        }
        let db = self.system.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        let ids: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
        for id in ids {
            let found = db.with_face_data(id, |data, index| {
                let covers = skrifa::FontRef::from_index(data, index)
                    .ok()
                    .and_then(|f| f.charmap().map(c))
                    .is_some();
                covers.then(|| (data.to_vec(), index))
            });
            if let Some(Some((data, index))) = found {
                if let Some(face) = Face::new(Arc::new(data), index) {
                    self.fallback.push(face.clone());
                    return Some(face);
                }
            }
        }
        None
    }

    /// `text` cut into runs each set in one face; characters no font has become "?".
    fn runs(&mut self, text: &str, bold: bool) -> Vec<(Face, String)> {
        let mut runs: Vec<(Face, String)> = Vec::new();
        for c in text.chars() {
            let (face, c) = match self.for_char(c, bold) {
                Some(f) => (f, c),
                None => (self.regular.clone(), '?'),
            };
            match runs.last_mut() {
                Some((f, s)) if Arc::ptr_eq(&f.data, &face.data) => s.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        self.runs(text, bold)
            .iter()
            .map(|(f, s)| f.width(s, size))
            .sum()
    }
}

/// Draws `text` at baseline `(x, y)`.
fn draw(
    surface: &mut Surface,
    fonts: &mut Fonts,
    x: f32,
    y: f32,
    text: &str,
    size: f32,
    bold: bool,
) {
    let mut x = x;
    for (face, run) in fonts.runs(text, bold) {
        surface.draw_text(
            Point::from_xy(x, y),
            face.font.clone(),
            size,
            &run,
            false,
            TextDirection::Auto,
        );
        x += face.width(&run, size);
    }
}

/// Lines of `text` no wider than `width`, broken at spaces (a word wider than the line
/// stays whole).
fn wrap(fonts: &mut Fonts, text: &str, width: f32, size: f32) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && fonts.width(&candidate, size, false) > width {
                out.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        out.push(line);
    }
    out
}

/// Renders the invoice document to PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, ContractError> {
    let mut fonts = Fonts::new()?;
    let currency = Currency::parse(&doc.currency)?;
    let (w, h) = doc.seller.paper.size();
    let mut pdf = krilla::Document::new();
    let inv = &doc.invoice;
    pdf.set_metadata(
        Metadata::new()
            .title(format!("Invoice {}", inv.invoice.number))
            .creator("Juggle".into()),
    );
    let settings = PageSettings::from_wh(w, h).ok_or_else(|| failed("the page size"))?;
    let right = w - MARGIN;
    // Columns: description | quantity | unit price | tax | amount (right edges).
    let (qty_x, price_x, tax_x, amount_x) = (right - 250.0, right - 170.0, right - 95.0, right);
    let desc_width = qty_x - MARGIN - 50.0;

    let mut page_no = 0;
    let mut page = pdf.start_page_with(settings.clone());
    let mut surface = page.surface();
    let mut y = MARGIN + 10.0;
    let amount = |minor: i64| money(currency, minor);

    // The logo, when there is one, top left above the seller's name: at most 160 × 48 pt,
    // its proportions kept. One that no longer reads is left out, not an error.
    if let Some(image) = doc.logo.as_ref().and_then(|l| l.image().ok()) {
        let (iw, ih) = image.size();
        let scale = (160.0 / iw as f32).min(48.0 / ih as f32);
        let (lw, lh) = (iw as f32 * scale, ih as f32 * scale);
        if let Some(size) = krilla::geom::Size::from_wh(lw, lh) {
            surface.push_transform(&krilla::geom::Transform::from_translate(MARGIN, y - 12.0));
            surface.draw_image(image, size);
            surface.pop();
            y += lh + 8.0;
        }
    }

    // The seller, top left; the title and the invoice's facts, top right.
    draw(
        &mut surface,
        &mut fonts,
        MARGIN,
        y,
        &doc.seller.name,
        14.0,
        true,
    );
    draw_right(&mut surface, &mut fonts, right, y, "INVOICE", 18.0, true);
    y += 18.0;
    let mut left_y = y;
    for line in doc.seller.address.lines().chain(
        [doc.seller.email.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty()),
    ) {
        draw(&mut surface, &mut fonts, MARGIN, left_y, line, BODY, false);
        left_y += LEADING;
    }
    if !doc.seller.tax_id.is_empty() {
        draw(
            &mut surface,
            &mut fonts,
            MARGIN,
            left_y,
            &format!("Tax id: {}", doc.seller.tax_id),
            BODY,
            false,
        );
        left_y += LEADING;
    }
    let mut facts = vec![
        ("Invoice number", inv.invoice.number.clone()),
        ("Issue date", date(inv.invoice.issue_day)),
        ("Due date", date(inv.invoice.due_day)),
    ];
    if let Some(sent) = inv.invoice.sent_on {
        facts.push(("Sent", date(sent)));
    }
    let mut right_y = y;
    for (label, value) in &facts {
        draw_right(
            &mut surface,
            &mut fonts,
            right - 110.0,
            right_y,
            label,
            BODY,
            false,
        );
        draw_right(&mut surface, &mut fonts, right, right_y, value, BODY, true);
        right_y += LEADING;
    }
    y = left_y.max(right_y) + 20.0;

    // The client.
    draw(&mut surface, &mut fonts, MARGIN, y, "Bill to", BODY, false);
    y += LEADING;
    draw(
        &mut surface,
        &mut fonts,
        MARGIN,
        y,
        &doc.buyer.name,
        11.0,
        true,
    );
    y += LEADING + 1.0;
    for line in doc.buyer.address.lines() {
        draw(&mut surface, &mut fonts, MARGIN, y, line, BODY, false);
        y += LEADING;
    }
    y += 8.0;
    draw(
        &mut surface,
        &mut fonts,
        MARGIN,
        y,
        &format!("For: {}", doc.contract_title),
        BODY,
        false,
    );
    y += 24.0;

    // The lines.
    let header = |surface: &mut Surface, fonts: &mut Fonts, y: f32| {
        draw(surface, fonts, MARGIN, y, "Description", BODY, true);
        draw_right(surface, fonts, qty_x, y, "Quantity", BODY, true);
        draw_right(surface, fonts, price_x, y, "Unit price", BODY, true);
        draw_right(surface, fonts, tax_x, y, "Tax", BODY, true);
        draw_right(
            surface,
            fonts,
            amount_x,
            y,
            &format!("Amount ({})", doc.currency),
            BODY,
            true,
        );
        rule(surface, y + 5.0, MARGIN, right);
    };
    header(&mut surface, &mut fonts, y);
    y += LEADING + 6.0;
    for line in &inv.lines {
        let wrapped = wrap(&mut fonts, &line.description, desc_width, BODY);
        let needed = LEADING * wrapped.len() as f32 + 4.0;
        if y + needed > h - MARGIN - 30.0 {
            footer(
                &mut surface,
                &mut fonts,
                &inv.invoice.number,
                &mut page_no,
                w,
                h,
            );
            surface.finish();
            page.finish();
            page = pdf.start_page_with(settings.clone());
            surface = page.surface();
            y = MARGIN + 10.0;
            header(&mut surface, &mut fonts, y);
            y += LEADING + 6.0;
        }
        draw_right(
            &mut surface,
            &mut fonts,
            qty_x,
            y,
            &quantity(line),
            BODY,
            false,
        );
        draw_right(
            &mut surface,
            &mut fonts,
            price_x,
            y,
            &amount(line.unit_price_minor),
            BODY,
            false,
        );
        draw_right(
            &mut surface,
            &mut fonts,
            tax_x,
            y,
            &percent(line.tax_basis_points),
            BODY,
            false,
        );
        draw_right(
            &mut surface,
            &mut fonts,
            amount_x,
            y,
            &amount(line.net_minor),
            BODY,
            false,
        );
        for text in &wrapped {
            draw(&mut surface, &mut fonts, MARGIN, y, text, BODY, false);
            y += LEADING;
        }
        y += 4.0;
    }
    rule(&mut surface, y - 6.0, MARGIN, right);

    // The totals: net, the tax of each rate, the total, what is paid and still due.
    let mut totals: Vec<(String, String, bool)> =
        vec![("Net".into(), amount(inv.invoice.net_minor), false)];
    for g in &inv.tax_groups {
        if g.basis_points > 0 || inv.tax_groups.len() > 1 {
            totals.push((
                format!("Tax {} on {}", percent(g.basis_points), amount(g.net_minor)),
                amount(g.tax_minor),
                false,
            ));
        }
    }
    totals.push((
        format!("Total ({})", doc.currency),
        amount(inv.total_minor),
        true,
    ));
    if inv.invoice.paid_minor > 0 || inv.invoice.credited_minor > 0 {
        if inv.invoice.credited_minor > 0 {
            totals.push(("Credited".into(), amount(inv.invoice.credited_minor), false));
        }
        totals.push(("Paid".into(), amount(inv.invoice.paid_minor), false));
        totals.push((
            "Balance due".into(),
            amount(inv.invoice.balance_minor),
            true,
        ));
    }
    if y + LEADING * (totals.len() as f32 + 8.0) > h - MARGIN {
        footer(
            &mut surface,
            &mut fonts,
            &inv.invoice.number,
            &mut page_no,
            w,
            h,
        );
        surface.finish();
        page.finish();
        page = pdf.start_page_with(settings.clone());
        surface = page.surface();
        y = MARGIN + 10.0;
    }
    y += 10.0;
    for (label, value, bold) in &totals {
        draw_right(&mut surface, &mut fonts, tax_x, y, label, BODY, *bold);
        draw_right(&mut surface, &mut fonts, amount_x, y, value, BODY, *bold);
        y += LEADING + 2.0;
    }

    // How to pay.
    y += 20.0;
    for (title, text) in [
        ("Payment", doc.seller.payment_instructions.as_str()),
        ("Bank details", doc.seller.bank.as_str()),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        draw(&mut surface, &mut fonts, MARGIN, y, title, BODY, true);
        y += LEADING;
        for line in wrap(&mut fonts, text, right - MARGIN, BODY) {
            draw(&mut surface, &mut fonts, MARGIN, y, &line, BODY, false);
            y += LEADING;
        }
        y += 8.0;
    }
    footer(
        &mut surface,
        &mut fonts,
        &inv.invoice.number,
        &mut page_no,
        w,
        h,
    );
    surface.finish();
    page.finish();
    pdf.finish().map_err(|e| failed(&format!("{e:?}")))
}

/// Writes the PDF to `path` through a temporary file (never a half-written invoice).
pub fn write_pdf(doc: &Document, path: &Path) -> Result<(), ContractError> {
    let bytes = render(doc)?;
    crate::export::write_whole(path, &bytes)
        .map_err(|e| ContractError::Unwritable(path.display().to_string(), e.to_string()))
}

/// "Invoice 2026-001 · page 2" at the foot of a page, so loose pages find their invoice.
fn footer(
    surface: &mut Surface,
    fonts: &mut Fonts,
    number: &str,
    page_no: &mut u32,
    w: f32,
    h: f32,
) {
    *page_no += 1;
    let text = format!("Invoice {number} · page {page_no}");
    draw_right(
        surface,
        fonts,
        w - MARGIN,
        h - MARGIN + 20.0,
        &text,
        7.5,
        false,
    );
}

fn failed(what: &str) -> ContractError {
    ContractError::Unwritable("the invoice PDF".into(), what.to_owned())
}

fn draw_right(
    surface: &mut Surface,
    fonts: &mut Fonts,
    x: f32,
    y: f32,
    text: &str,
    size: f32,
    bold: bool,
) {
    let w = fonts.width(text, size, bold);
    draw(surface, fonts, x - w, y, text, size, bold);
}

fn rule(surface: &mut Surface, y: f32, from: f32, to: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(from, y);
    pb.line_to(to, y);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(150, 150, 150).into(),
            width: 0.6,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(krilla::paint::Fill::default()));
    }
}

/// "1,234.50": the currency's decimals, thousands grouped by commas.
pub fn money(currency: Currency, minor: i64) -> String {
    let plain = currency.format(minor);
    let (sign, digits) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn percent(bp: u32) -> String {
    match bp % 100 {
        0 => format!("{} %", bp / 100),
        r if r % 10 == 0 => format!("{}.{} %", bp / 100, r / 10),
        r => format!("{}.{r:02} %", bp / 100),
    }
}

/// "10.5 h", "1", "0.25 day".
fn quantity(line: &Line) -> String {
    let whole = line.quantity_milli / 1000;
    let frac = line.quantity_milli % 1000;
    let number = if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    };
    if line.unit.is_empty() {
        number
    } else {
        format!("{number} {}", line.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_and_keep_their_decimals() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(money(eur, 99_960), "999.60");
        assert_eq!(money(eur, 123_456_789), "1,234,567.89");
        assert_eq!(
            money(Currency::parse("JPY").unwrap(), 1_234_567),
            "1,234,567"
        );
        assert_eq!(percent(1900), "19 %");
        assert_eq!(percent(770), "7.7 %");
        assert_eq!(percent(555), "5.55 %");
    }
}
