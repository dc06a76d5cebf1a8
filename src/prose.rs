//! Days inside the sentences the core writes (a health reason, a reply to send, a refusal).
//!
//! One rule for dates in prose: the core never formats a day for people. It writes the day
//! as data — a marker holding the ISO day, `{date:2027-01-11}` or, where the weekday
//! matters (a day to deliver by), `{weekday:2027-01-11}` — and each front end renders the
//! markers in its own one style: the UI with the user's locale (`prose()` in
//! `ui/src/lib/format.ts`, the same formatters as every other date on screen), the CLI
//! with [`plain`]. So a sentence and the dates beside it on screen never disagree.

use chrono::{Datelike, NaiveDate};

/// How a day in a sentence is to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The day: "22 Oct 2026" / "Oct 22".
    Date,
    /// The day with its weekday: "Monday 11 January".
    Weekday,
}

impl Style {
    fn tag(self) -> &'static str {
        match self {
            Style::Date => "date",
            Style::Weekday => "weekday",
        }
    }
}

/// `d` in a sentence, as a day.
pub fn day(d: NaiveDate) -> String {
    marker(Style::Date, d)
}

/// `d` in a sentence, with its weekday.
pub fn weekday(d: NaiveDate) -> String {
    marker(Style::Weekday, d)
}

fn marker(style: Style, d: NaiveDate) -> String {
    format!("{{{}:{}}}", style.tag(), d.format("%Y-%m-%d"))
}

/// `text` with each marker replaced by `show(style, day)`; anything that only looks like a
/// marker (a user's note with braces) is left as typed.
pub fn render(text: &str, show: impl Fn(Style, NaiveDate) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match parse_marker(after) {
            Some((style, d, len)) => {
                out.push_str(&show(style, d));
                rest = &after[len..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A marker at the start of `s`: its style, day and length in bytes.
fn parse_marker(s: &str) -> Option<(Style, NaiveDate, usize)> {
    let close = s.find('}')?;
    let (tag, iso) = s[1..close].split_once(':')?;
    let style = [Style::Date, Style::Weekday]
        .into_iter()
        .find(|st| st.tag() == tag)?;
    if iso.len() != 10 {
        return None;
    }
    let d = NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok()?;
    Some((style, d, close + 1))
}

/// The CLI's one style, relative to `today`'s year: "22 Oct" or "22 Oct 2027";
/// "Monday 11 January" or "Monday 11 January 2027".
pub fn plain(text: &str, today: NaiveDate) -> String {
    render(text, |style, d| {
        let this_year = d.year() == today.year();
        let pattern = match (style, this_year) {
            (Style::Date, true) => "%-d %b",
            (Style::Date, false) => "%-d %b %Y",
            (Style::Weekday, true) => "%A %-d %B",
            (Style::Weekday, false) => "%A %-d %B %Y",
        };
        d.format(pattern).to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn markers_render_in_the_front_ends_style_and_other_braces_stay() {
        let text = format!(
            "Due {} {{not a date}} {{date:2027-13-01}}, last {}",
            weekday(d("2027-01-11")),
            day(d("2026-10-22"))
        );
        assert_eq!(
            text,
            "Due {weekday:2027-01-11} {not a date} {date:2027-13-01}, last {date:2026-10-22}"
        );
        assert_eq!(
            plain(&text, d("2026-12-01")),
            "Due Monday 11 January 2027 {not a date} {date:2027-13-01}, last 22 Oct"
        );
        assert_eq!(render("{", |_, _| String::new()), "{");
        assert_eq!(
            render("a { b } {date:", |_, _| String::new()),
            "a { b } {date:"
        );
    }
}
