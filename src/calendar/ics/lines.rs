//! The file line by line: its events, to-dos and journal entries (no recursion, so nested
//! BEGIN lines cost nothing), malformed lines dropped, and UIDs for events without one.

use super::values::unescape;
use super::SkipKind;

/// An event's text for the parser, with what was dropped from it.
pub(super) struct Block {
    pub(super) text: String,
    pub(super) uid: Option<String>,
    pub(super) dropped: Vec<(u32, String)>,
}

pub(super) enum Found {
    Event(Block),
    Other(SkipKind, Option<String>),
}

pub(super) struct FoundAt {
    pub(super) line: u32,
    pub(super) kind: Found,
}

/// Whether a content line has the shape `NAME[;PARAM=…]:value` (RFC 5545 §3.1).
pub(super) fn well_formed(l: &str) -> bool {
    let name_end = l.find([';', ':']).unwrap_or(l.len());
    let name = &l[..name_end];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return false;
    }
    // The value starts at the first colon outside quoted parameter values.
    let mut quoted = false;
    for c in l[name_end..].chars() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The file's events, to-dos and journal entries, read line by line (no recursion, so
/// thousands of nested BEGIN lines cost nothing). Inside an event only its own lines and
/// its alarms' are kept; malformed lines are dropped and reported.
pub(super) fn components(lines: &[(u32, String)]) -> Vec<FoundAt> {
    let mut out = Vec::new();
    // (line, kind, block, depth)
    let mut current: Option<(u32, SkipKind, Block, u32)> = None;
    for (n, l) in lines {
        let upper = l.trim().to_ascii_uppercase();
        let Some((_, kind, block, depth)) = current.as_mut() else {
            let kind = match upper.as_str() {
                "BEGIN:VEVENT" => SkipKind::Event,
                "BEGIN:VTODO" => SkipKind::Todo,
                "BEGIN:VJOURNAL" => SkipKind::Journal,
                _ => continue,
            };
            let block = Block {
                text: "BEGIN:VEVENT\r\n".into(),
                uid: None,
                dropped: vec![],
            };
            current = Some((*n, kind, block, 1));
            continue;
        };
        if let Some(name) = upper.strip_prefix("BEGIN:") {
            *depth += 1;
            if *depth == 2 && name == "VALARM" && *kind == SkipKind::Event {
                block.text.push_str("BEGIN:VALARM\r\n");
            }
            continue;
        }
        if let Some(name) = upper.strip_prefix("END:") {
            *depth -= 1;
            if *depth == 1 && name == "VALARM" && *kind == SkipKind::Event {
                block.text.push_str("END:VALARM\r\n");
            }
            if *depth == 0 {
                let (line, kind, mut block, _) = current.take().unwrap_or((
                    0,
                    SkipKind::Event,
                    Block {
                        text: String::new(),
                        uid: None,
                        dropped: vec![],
                    },
                    0,
                ));
                block.text.push_str("END:VEVENT\r\n");
                out.push(FoundAt {
                    line,
                    kind: match kind {
                        SkipKind::Event => Found::Event(block),
                        other => Found::Other(other, block.uid),
                    },
                });
            }
            continue;
        }
        let in_alarm = *depth == 2 && block.text.ends_with_valarm_open();
        if *depth > 1 && !in_alarm {
            continue; // a component inside the event that Juggle does not read
        }
        if !well_formed(l) {
            if block.dropped.len() < 1000 {
                let shown: String = l.chars().take(60).collect();
                block
                    .dropped
                    .push((*n, format!("line “{shown}” is malformed and was left out")));
            }
            continue;
        }
        if *depth == 1 && block.uid.is_none() && upper.starts_with("UID") {
            if let Some((name, value)) = l.split_once(':') {
                if name
                    .split(';')
                    .next()
                    .is_some_and(|n| n.eq_ignore_ascii_case("UID"))
                    && !value.trim().is_empty()
                {
                    block.uid = Some(unescape(value.trim()));
                }
            }
        }
        block.text.push_str(l);
        block.text.push_str("\r\n");
    }
    if let Some((line, kind, block, _)) = current {
        // Unterminated: reported as a malformed event (or the to-do it was).
        out.push(FoundAt {
            line,
            kind: match kind {
                SkipKind::Event => Found::Event(Block {
                    text: block.text,
                    ..block
                }),
                other => Found::Other(other, block.uid),
            },
        });
    }
    out
}

pub(super) trait AlarmOpen {
    fn ends_with_valarm_open(&self) -> bool;
}

impl AlarmOpen for String {
    /// Whether the last component opened in this event text is a VALARM still open.
    fn ends_with_valarm_open(&self) -> bool {
        match (self.rfind("BEGIN:VALARM\r\n"), self.rfind("END:VALARM\r\n")) {
            (Some(b), Some(e)) => b > e,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// A stable UID for an event that has none, from its content (as khal does), leaving out
/// the lines a client rewrites on every export.
pub(super) fn derived_uid(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a: stable across versions and runs
    for line in text.split("\r\n") {
        let name = line
            .split([';', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        if ["DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE"].contains(&name.as_str()) {
            continue;
        }
        for b in line.bytes().chain([b'\n']) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}@derived.juggle.app")
}
