//! An event changed in Juggle goes back to the server as the server's own text with only
//! the changed properties rewritten: attendees, the organizer, alarms, X- properties,
//! time zones, RDATEs and components Juggle does not read stay as they were, byte for
//! byte (folding and line ends included).
//!
//! What changed is found by comparing two of Juggle's renderings of the event (at the last
//! sync, and now), component by component (the series, each edited occurrence) and
//! property by property, over the properties Juggle models.

use std::collections::HashMap;

/// The properties Juggle reads into an event and writes back. Anything else in an object
/// is the server's and is never touched.
const MODELLED: &[&str] = &[
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "LOCATION",
    "DESCRIPTION",
    "RRULE",
    "EXDATE",
    "TRANSP",
    "X-JUGGLE-KIND",
    // A task (VTODO).
    "DUE",
    "STATUS",
    "PRIORITY",
    "X-JUGGLE-ESTIMATE-MINUTES",
    "X-JUGGLE-URGENT",
    // A contact (VCARD).
    "FN",
    "ORG",
    "TITLE",
    "ROLE",
    "EMAIL",
    "TEL",
];

/// One content line: unfolded, and as it was written (its physical lines).
struct Line<'a> {
    text: String,
    raw: Vec<&'a str>,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some(last)) => {
                last.text.push_str(rest);
                last.raw.push(raw);
            }
            _ if raw.is_empty() => {}
            _ => out.push(Line {
                text: raw.to_owned(),
                raw: vec![raw],
            }),
        }
    }
    out
}

/// The property name of a content line, upper-cased.
fn name(line: &str) -> String {
    line.split([';', ':'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase()
}

/// The value after the parameters (a `:` inside a quoted parameter is not the split).
fn value(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return &line[i + 1..],
            _ => {}
        }
    }
    ""
}

/// A top-level VEVENT or VTODO: where it is (first and last line), and its key.
struct Block {
    first: usize,
    last: usize,
    key: String,
}

/// The VEVENTs and VTODOs directly inside the VCALENDAR, keyed by RECURRENCE-ID's value ("" for the
/// series or a single event).
fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<Block> = None;
    for (i, l) in lines.iter().enumerate() {
        let upper = l.text.trim().to_ascii_uppercase();
        if upper.starts_with("BEGIN:") {
            depth += 1;
            // An event or task inside the VCALENDAR, or a card on its own.
            if (depth == 2 && (upper == "BEGIN:VEVENT" || upper == "BEGIN:VTODO"))
                || (depth == 1 && upper == "BEGIN:VCARD")
            {
                open = Some(Block {
                    first: i,
                    last: i,
                    key: String::new(),
                });
            }
        } else if upper.starts_with("END:") {
            let closes = open.as_ref().is_some_and(|b| {
                let begin = lines[b.first].text.trim().to_ascii_uppercase();
                begin.strip_prefix("BEGIN:") == upper.strip_prefix("END:")
            });
            if closes && (depth == 2 || depth == 1) {
                if let Some(mut b) = open.take() {
                    b.last = i;
                    out.push(b);
                }
            }
            depth = depth.saturating_sub(1);
        } else if open.is_some() && name(&l.text) == "RECURRENCE-ID" {
            if let Some(b) = open.as_mut() {
                b.key = value(&l.text).trim().to_owned();
            }
        }
    }
    out
}

/// The modelled properties' lines of a component, by name.
type Props = HashMap<String, Vec<String>>;

/// A rendering's component: its modelled properties, and all its lines.
#[derive(PartialEq)]
struct Comp {
    props: Props,
    all: Vec<String>,
}

fn components(text: &str) -> HashMap<String, Comp> {
    let lines = lines(text);
    blocks(&lines)
        .into_iter()
        .map(|b| {
            let mut props: Props = HashMap::new();
            let mut depth = 0;
            for l in &lines[b.first + 1..b.last] {
                let upper = l.text.trim().to_ascii_uppercase();
                if upper.starts_with("BEGIN:") {
                    depth += 1;
                } else if upper.starts_with("END:") {
                    depth -= 1;
                } else if depth == 0 && MODELLED.contains(&name(&l.text).as_str()) {
                    props.entry(name(&l.text)).or_default().push(l.text.clone());
                }
            }
            let all = lines[b.first..=b.last]
                .iter()
                .map(|l| l.text.clone())
                .collect();
            (b.key, Comp { props, all })
        })
        .collect()
}

/// `original` (the server's text) with the change from Juggle's rendering `before` (at the
/// last sync) to `after` (now) written in. `stamp` is now as iCalendar writes it
/// (`20261202T101500Z`), for DTSTAMP and LAST-MODIFIED.
pub fn patch(original: &str, before: &str, after: &str, stamp: &str) -> String {
    let eol = if original.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lines = lines(original);
    let (before, after) = (components(before), components(after));
    let blocks = blocks(&lines);
    let present: Vec<String> = blocks.iter().map(|b| b.key.clone()).collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 8);
    let raw = |l: &Line| l.raw.join(eol);
    let mut at = 0;
    let mut depth = 0usize;
    let mut blocks = blocks.into_iter().peekable();
    while at < lines.len() {
        if let Some(b) = blocks.next_if(|b| b.first == at) {
            let old = before.get(&b.key).map(|c| &c.props);
            match after.get(&b.key).map(|c| &c.props) {
                Some(new) if old != Some(new) => {
                    out.extend(patched(&lines[b.first..=b.last], old, new, stamp, eol));
                }
                // Deleted in Juggle (an edited occurrence removed): the block goes.
                None if old.is_some() => {}
                // Unchanged, or never read by Juggle: as it was.
                _ => out.extend(lines[b.first..=b.last].iter().map(raw)),
            }
            at = b.last + 1;
            continue;
        }
        let l = &lines[at];
        let upper = l.text.trim().to_ascii_uppercase();
        if upper.starts_with("BEGIN:") {
            depth += 1;
        } else if upper.starts_with("END:") {
            if depth == 1 && upper == "END:VCALENDAR" {
                // Components Juggle made since the last sync (a newly edited occurrence).
                let mut new: Vec<(&String, &Comp)> = after
                    .iter()
                    .filter(|(k, _)| !before.contains_key(*k) && !present.contains(k))
                    .collect();
                new.sort_by(|a, b| a.0.cmp(b.0));
                for (_, comp) in new {
                    // BEGIN:VEVENT, the stamp, then the rest.
                    if let Some((first, rest)) = comp.all.split_first() {
                        out.push(first.clone());
                        out.push(format!("DTSTAMP:{stamp}"));
                        out.extend(rest.iter().cloned());
                    }
                }
            }
            depth = depth.saturating_sub(1);
        }
        out.push(raw(l));
        at += 1;
    }
    let mut text = out.join(eol);
    text.push_str(eol);
    text
}

/// One changed component: the properties whose lines changed are rewritten where the
/// first of them stood; DTSTAMP and LAST-MODIFIED become now, SEQUENCE goes up by one;
/// every other line (alarms, attendees, X- properties) is copied as it was.
fn patched(
    block: &[Line],
    old: Option<&Props>,
    new: &Props,
    stamp: &str,
    eol: &str,
) -> Vec<String> {
    let changed: Vec<&str> = MODELLED
        .iter()
        .copied()
        .filter(|n| old.and_then(|o| o.get(*n)) != new.get(*n))
        .collect();
    let fresh: Vec<String> = MODELLED
        .iter()
        .filter(|n| changed.contains(n))
        .filter_map(|n| new.get(*n))
        .flatten()
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(block.len() + fresh.len());
    let mut fresh = Some(fresh);
    let mut depth = 0;
    let last = block.len() - 1;
    for (i, l) in block.iter().enumerate() {
        let upper = l.text.trim().to_ascii_uppercase();
        let n = name(&l.text);
        if i == 0 || i == last {
            if i == last {
                out.extend(fresh.take().unwrap_or_default());
            }
            out.push(l.raw.join(eol));
            continue;
        }
        if upper.starts_with("BEGIN:") {
            depth += 1;
        } else if upper.starts_with("END:") {
            depth -= 1;
        } else if depth == 0 {
            if changed.contains(&n.as_str()) {
                out.extend(fresh.take().unwrap_or_default());
                continue;
            }
            match n.as_str() {
                "DTSTAMP" => {
                    out.push(format!("DTSTAMP:{stamp}"));
                    continue;
                }
                "LAST-MODIFIED" => {
                    out.push(format!("LAST-MODIFIED:{stamp}"));
                    continue;
                }
                "SEQUENCE" => {
                    let next = value(&l.text).trim().parse::<u32>().map_or(1, |s| s + 1);
                    out.push(format!("SEQUENCE:{next}"));
                    continue;
                }
                _ => {}
            }
        }
        out.push(l.raw.join(eol));
    }
    out
}

/// The UID of an object's first component that has one.
pub fn uid_of(text: &str) -> Option<String> {
    lines(text)
        .into_iter()
        .find(|l| name(&l.text) == "UID")
        .map(|l| value(&l.text).trim().to_owned())
        .filter(|u| !u.is_empty())
}

/// Juggle's rendering with its changing stamp left out, for comparing two renderings.
pub fn without_stamp(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for raw in text.split_inclusive('\n') {
        let continued = raw.starts_with([' ', '\t']);
        if !continued {
            skipping = name(raw) == "DTSTAMP";
        }
        if !skipping {
            out.push_str(raw);
        }
    }
    out
}

/// A copy of Juggle's rendering under a new UID, its summary marked: what a conflict
/// keeps of Juggle's side.
pub fn conflict_copy(render: &str, uid: &str, mark: &str) -> String {
    let mut out = String::with_capacity(render.len() + 64);
    for l in lines(render) {
        match name(&l.text).as_str() {
            "UID" => out.push_str(&format!("UID:{uid}")),
            "SUMMARY" => out.push_str(&format!("{}{mark}", l.text)),
            _ => out.push_str(&l.text),
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//iCal//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:abc\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:3\r\nSUMMARY:Weekly sync\r\nDTSTART;TZID=Europe/Berlin:20261207T100000\r\nDTEND;TZID=Europe/Berlin:20261207T110000\r\nRRULE:FREQ=WEEKLY\r\nATTENDEE;CN=\"Doe, Jane\";ROLE=REQ-PARTICIPANT:mailto:jane@example.org\r\nX-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\nDESCRIPTION:A long description that an Apple client folded over two lines \r\n because it is long\r\nBEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:abc\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261214T100000\r\nSUMMARY:Weekly sync (moved)\r\nDTSTART;TZID=Europe/Berlin:20261214T120000\r\nDTEND;TZID=Europe/Berlin:20261214T130000\r\nX-CUSTOM:kept\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn render(summary: &str, moved_start: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:abc\r\nSUMMARY:{summary}\r\nDTSTART;TZID=Europe/Berlin:20261207T100000\r\nDTEND;TZID=Europe/Berlin:20261207T110000\r\nRRULE:FREQ=WEEKLY\r\nDESCRIPTION:A long description that an Apple client folded over two lines because it is long\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:abc\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261214T100000\r\nSUMMARY:Weekly sync (moved)\r\nDTSTART;TZID=Europe/Berlin:{moved_start}\r\nDTEND;TZID=Europe/Berlin:20261214T130000\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    }

    #[test]
    fn only_the_changed_property_is_rewritten() {
        let before = render("Weekly sync", "20261214T120000");
        let after = render("Weekly sync with Acme", "20261214T120000");
        let out = patch(SERVER, &before, &after, "20261202T101500Z");
        let expected = SERVER
            .replace(
                "SUMMARY:Weekly sync\r\n",
                "SUMMARY:Weekly sync with Acme\r\n",
            )
            .replace("DTSTAMP:20260101T000000Z", "DTSTAMP:20261202T101500Z")
            .replace("SEQUENCE:3", "SEQUENCE:4");
        assert_eq!(out, expected);
    }

    #[test]
    fn an_untouched_occurrence_and_everything_unmodelled_stay_byte_for_byte() {
        let before = render("Weekly sync", "20261214T120000");
        let after = render("Weekly sync", "20261214T150000");
        let out = patch(SERVER, &before, &after, "20261202T101500Z");
        let expected = SERVER.replace(
            "DTSTART;TZID=Europe/Berlin:20261214T120000",
            "DTSTART;TZID=Europe/Berlin:20261214T150000",
        );
        assert_eq!(out, expected);
        assert_eq!(
            patch(SERVER, &before, &before, "x"),
            SERVER,
            "no change, no edit"
        );
    }

    #[test]
    fn an_occurrence_deleted_in_juggle_goes_and_a_new_one_is_added() {
        let before = render("Weekly sync", "20261214T120000");
        let only_series = before[..before.find("BEGIN:VEVENT\r\nUID:abc\r\nRECURRENCE-ID").unwrap()]
            .to_owned()
            + "BEGIN:VEVENT\r\nUID:abc\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261221T100000\r\nSUMMARY:Later\r\nDTSTART;TZID=Europe/Berlin:20261221T160000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let out = patch(SERVER, &before, &only_series, "S");
        assert!(!out.contains("X-CUSTOM:kept"), "{out}");
        assert!(out.contains("RECURRENCE-ID;TZID=Europe/Berlin:20261221T100000"));
        assert!(out.contains("BEGIN:VEVENT\r\nDTSTAMP:S\r\nUID:abc\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261221T100000\r\nSUMMARY:Later\r\nDTSTART;TZID=Europe/Berlin:20261221T160000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), "{out}");
        assert!(out.contains("ATTENDEE;CN=\"Doe, Jane\""));
    }

    #[test]
    fn stamps_and_copies() {
        assert_eq!(
            without_stamp("A:1\r\nDTSTAMP:2026\r\n 0101\r\nB:2\r\n"),
            "A:1\r\nB:2\r\n"
        );
        assert_eq!(uid_of(SERVER).as_deref(), Some("abc"));
        let copy = conflict_copy(
            &render("Sync", "20261214T120000"),
            "new",
            " (conflict copy)",
        );
        assert!(copy.contains("UID:new\r\nSUMMARY:Sync (conflict copy)\r\n"));
        assert!(!copy.contains("UID:abc"));
    }
}
