//! iCalendar (.ics, RFC 5545) import and export, so Juggle lives beside Google Calendar,
//! Outlook and Apple Calendar. The `icalendar` crate parses each VEVENT and writes the
//! file (escaping, line folding); the mapping to Juggle's events is here, and the zones
//! in `ics_zone.rs`.
//!
//! Import is one transaction. What is left out is reported by kind, with its line and
//! UID: a whole event Juggle cannot use, a malformed line (dropped, the event kept), a
//! value read another way (an unknown zone read as local time), to-dos and journal
//! entries. An event whose UID is already in the book is updated, never duplicated; an
//! event without UID gets one derived from its content, so importing it again updates it.
//! docs/calendar-import.md says what is supported and where Juggle deliberately differs.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_components, Component as Parsed, Property as ParsedProp};
use icalendar::{Alarm, Calendar, Component, Event as IcsEvent, EventLike, Property};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use super::events::{self, ValidEvent, When};
use super::ics_zone::{self, VZone};
use super::recurrence::{self, Series};
use super::time::{self, date_key};
use super::{CalendarError, EventId, EventInput, EventKind};
use crate::clients::ClientId;
use crate::store::{Store, Writer};

/// Largest .ics file imported (a year of a busy shared calendar is a few MB).
pub const MAX_ICS_BYTES: u64 = 32 * 1024 * 1024;
/// The event form's limit on reminders (four weeks).
const MAX_REMINDER_MINUTES: u32 = 40_320;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct ImportReport {
    pub added: u32,
    pub updated: u32,
    pub skipped: Vec<Skipped>,
}

/// What kind of thing an import left out (or read another way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A whole event.
    Event,
    /// A to-do (VTODO): Juggle's calendar holds events.
    Todo,
    /// A journal entry (VJOURNAL).
    Journal,
    /// One malformed or unusable line; its event was kept.
    Line,
    /// A value read another way, e.g. an unknown time zone read as local time.
    Value,
}

/// Something left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Skipped {
    /// Line in the file (1-based): the BEGIN of an event, or the line itself.
    pub line: u32,
    pub uid: Option<String>,
    pub kind: SkipKind,
    pub reason: String,
}

/// A date or date-time value as the file gives it.
#[derive(Debug, Clone, Copy)]
enum IcsTime {
    Date(NaiveDate),
    At(DateTime<Tz>),
}

/// One VEVENT, understood.
struct Incoming {
    line: u32,
    uid: String,
    /// RECURRENCE-ID as written: this is an edited (or cancelled) occurrence of `uid`.
    recurrence: Option<IcsTime>,
    /// RANGE=THISANDFUTURE on the RECURRENCE-ID.
    and_future: bool,
    cancelled: bool,
    event: ValidEvent,
    exdates: Vec<i64>,
    /// RDATE occurrences: their key and when each happens.
    rdates: Vec<(i64, When)>,
}

/// What reading a file needs besides the lines: its zones.
struct Ctx {
    default_tz: Tz,
    vzones: HashMap<String, VZone>,
    /// TZID and year → zone, as mapping a VTIMEZONE tries every IANA zone.
    cache: RefCell<HashMap<(String, i32), Option<Tz>>>,
}

impl Ctx {
    /// The instant a wall-clock time in the zone `tzid` names: by the IANA zone it names,
    /// else by the file's VTIMEZONE (its own rules give the offset; the event is kept in
    /// the IANA zone that best matches them), else `None`.
    fn zoned(&self, tzid: &str, wall: NaiveDateTime) -> Option<DateTime<Tz>> {
        let tzid = tzid.trim().trim_matches('"');
        if let Some(tz) = ics_zone::named(tzid) {
            return Some(resolve_lenient(wall, tz));
        }
        let Some((_, vzone)) = self.vzone(tzid) else {
            return self
                .zone(tzid, wall.year())
                .map(|tz| resolve_lenient(wall, tz));
        };
        let offset = vzone.offset_for_wall(wall)?;
        let instant = Utc.from_utc_datetime(&wall) - Duration::seconds(i64::from(offset));
        let tz = self.zone(tzid, wall.year()).unwrap_or(Tz::UTC);
        Some(instant.with_timezone(&tz))
    }

    /// The file's VTIMEZONE of that TZID, with its full TZID.
    fn vzone(&self, tzid: &str) -> Option<(&str, &VZone)> {
        if let Some((k, z)) = self.vzones.get_key_value(tzid) {
            return Some((k.as_str(), z));
        }
        // A quoted TZID with a comma ("Canberra, Melbourne, Sydney") can reach here cut at
        // the comma by the parser: the one VTIMEZONE it begins.
        let mut found = self.vzones.iter().filter(|(k, _)| k.starts_with(tzid));
        match (found.next(), found.next()) {
            (Some((k, z)), None) => Some((k.as_str(), z)),
            _ => None,
        }
    }

    fn zone(&self, tzid: &str, year: i32) -> Option<Tz> {
        let tzid = tzid.trim().trim_matches('"');
        if let Some(tz) = ics_zone::named(tzid) {
            return Some(tz);
        }
        let key = (tzid.to_owned(), year);
        if let Some(found) = self.cache.borrow().get(&key) {
            return *found;
        }
        let found = self
            .vzone(tzid)
            .and_then(|(full, z)| z.to_iana(full, year))
            .or_else(|| fixed_offset(tzid));
        self.cache.borrow_mut().insert(key, found);
        found
    }
}

/// `UTC+11`, `GMT-5`, `UTC+05:30` without a VTIMEZONE: the Etc zone of whole hours.
fn fixed_offset(tzid: &str) -> Option<Tz> {
    let upper = tzid.trim().to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))?;
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let hours: i32 = digits.split([':', '.']).next()?.parse().ok()?;
    if digits.contains([':', '.']) && !digits.ends_with("00") {
        return None;
    }
    match sign * hours {
        0 => Some(Tz::UTC),
        h if h > 0 => format!("Etc/GMT-{h}").parse().ok(),
        h => format!("Etc/GMT+{}", -h).parse().ok(),
    }
}

/// Imports an .ics text. `client` assigns every imported event to that client (events
/// exported by Juggle carry their client's name and find it by themselves).
pub fn import(
    store: &mut impl Writer,
    text: &str,
    client: Option<ClientId>,
) -> Result<ImportReport, CalendarError> {
    if text.len() as u64 > MAX_ICS_BYTES {
        return Err(too_big());
    }
    let text = text.trim_start_matches('\u{feff}');
    let lines = unfold(text);
    let begins = |l: &str| {
        let l = l.trim().to_ascii_uppercase();
        [
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "BEGIN:VTODO",
            "BEGIN:VJOURNAL",
        ]
        .contains(&l.as_str())
    };
    if !lines.iter().any(|(_, l)| begins(l)) {
        return Err(CalendarError::Unreadable(
            "this is not an iCalendar file (no BEGIN:VCALENDAR)".into(),
        ));
    }
    let ctx = Ctx {
        default_tz: calendar_zone(&lines),
        vzones: ics_zone::vtimezones(&lines),
        cache: RefCell::new(HashMap::new()),
    };
    store.write(|tx| {
        if let Some(id) = client {
            crate::clients::get(tx, id)?;
        }
        let mut report = ImportReport::default();
        let mut incoming = Vec::new();
        for found in components(&lines) {
            let block = match found.kind {
                Found::Other(kind, uid) => {
                    let reason = match kind {
                        SkipKind::Todo => "to-dos are not imported: Juggle's calendar holds events",
                        _ => "journal entries are not imported: Juggle's calendar holds events",
                    };
                    report.skipped.push(Skipped {
                        line: found.line,
                        uid,
                        kind,
                        reason: reason.into(),
                    });
                    continue;
                }
                Found::Event(block) => block,
            };
            for (line, reason) in block.dropped {
                report.skipped.push(Skipped {
                    line,
                    uid: block.uid.clone(),
                    kind: SkipKind::Line,
                    reason,
                });
            }
            let parsed = read_components(&block.text)
                .ok()
                .and_then(|mut c| (c.len() == 1).then(|| c.remove(0)))
                .ok_or_else(|| "the event is malformed (no END:VEVENT, or unreadable)".to_owned());
            let uid = block
                .uid
                .clone()
                .unwrap_or_else(|| derived_uid(&block.text));
            let mut notes = vec![];
            match parsed.and_then(|c| understand(tx, &c, &ctx, &uid, client, &mut notes)) {
                Ok(mut event) => {
                    event.line = found.line;
                    incoming.push(event);
                }
                Err(reason) => report.skipped.push(Skipped {
                    line: found.line,
                    uid: block.uid.clone(),
                    kind: SkipKind::Event,
                    reason,
                }),
            }
            report
                .skipped
                .extend(notes.into_iter().map(|reason| Skipped {
                    line: found.line,
                    uid: block.uid.clone(),
                    kind: SkipKind::Value,
                    reason,
                }));
        }
        rekey_overrides(&mut incoming);
        apply_this_and_future(&mut incoming);
        // Series before their edited occurrences, which need the series' row.
        incoming.sort_by_key(|e| e.recurrence.is_some());
        let deleted: HashMap<String, HashSet<i64>> = incoming
            .iter()
            .filter(|e| e.recurrence.is_none())
            .map(|e| (e.uid.clone(), e.exdates.iter().copied().collect()))
            .collect();
        for event in incoming {
            // An edited occurrence that the series' EXDATE deletes stays deleted.
            let key = event.recurrence.map(|r| time_key(&r));
            if key.is_some_and(|k| deleted.get(&event.uid).is_some_and(|d| d.contains(&k))) {
                continue;
            }
            match store_one(tx, &event)? {
                Stored::Added => report.added += 1,
                Stored::Updated => report.updated += 1,
                Stored::Skipped(reason) => report.skipped.push(Skipped {
                    line: event.line,
                    uid: Some(event.uid),
                    kind: SkipKind::Event,
                    reason,
                }),
            }
        }
        report.skipped.sort_by_key(|s| s.line);
        Ok(report)
    })
}

fn too_big() -> CalendarError {
    CalendarError::Unreadable(format!(
        "the file is larger than {} MB; split it (most calendar apps export by year)",
        MAX_ICS_BYTES / (1024 * 1024)
    ))
}

/// Reads and imports an .ics file: UTF-8, else (old Outlook exports) windows-1252.
pub fn import_file(
    store: &mut Store,
    path: &std::path::Path,
    client: Option<ClientId>,
) -> Result<ImportReport, CalendarError> {
    let unreadable =
        |e: std::io::Error| CalendarError::Unreadable(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_ICS_BYTES {
        return Err(too_big());
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    };
    import(store, &text, client)
}

/// Content lines with the line number each starts on; folded lines (RFC 5545 §3.1) joined.
fn unfold(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (
            raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')),
            out.last_mut(),
        ) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => out.push((i as u32 + 1, raw.to_owned())),
        }
    }
    out
}

/// The calendar-wide zone Google and Apple write (`X-WR-TIMEZONE`), else the system's.
fn calendar_zone(lines: &[(u32, String)]) -> Tz {
    lines
        .iter()
        .find_map(|(_, l)| l.strip_prefix("X-WR-TIMEZONE:"))
        .and_then(ics_zone::named)
        .unwrap_or_else(time::local_zone)
}

/// An event's text for the parser, with what was dropped from it.
struct Block {
    text: String,
    uid: Option<String>,
    dropped: Vec<(u32, String)>,
}

enum Found {
    Event(Block),
    Other(SkipKind, Option<String>),
}

struct FoundAt {
    line: u32,
    kind: Found,
}

/// Whether a content line has the shape `NAME[;PARAM=…]:value` (RFC 5545 §3.1).
fn well_formed(l: &str) -> bool {
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
fn components(lines: &[(u32, String)]) -> Vec<FoundAt> {
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

trait AlarmOpen {
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
fn derived_uid(text: &str) -> String {
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

fn prop<'a>(c: &'a Parsed<'a>, name: &str) -> Option<&'a ParsedProp<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'a>(c: &'a Parsed<'a>, name: &'a str) -> impl Iterator<Item = &'a ParsedProp<'a>> {
    c.properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a ParsedProp<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A DTSTART/DTEND/EXDATE/RDATE/RECURRENCE-ID value (one of a comma list). `zone_of`
/// is the zone of a floating time; an unknown TZID is read as floating, with a note.
fn ics_time(
    value: &str,
    p: &ParsedProp,
    ctx: &Ctx,
    floating: Tz,
    notes: &mut Vec<String>,
) -> Result<IcsTime, String> {
    let v = value.trim();
    let is_date = param(p, "VALUE").is_some_and(|t| t.eq_ignore_ascii_case("DATE")) || v.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(IcsTime::Date)
            .map_err(|_| format!("“{v}” is not a date"));
    }
    let bad = || format!("“{v}” is not a date-time");
    let parse = |s: &str| {
        NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M"))
    };
    if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        let t = parse(utc).map_err(|_| bad())?;
        return Ok(IcsTime::At(
            Utc.from_utc_datetime(&t).with_timezone(&floating),
        ));
    }
    let wall = parse(v).map_err(|_| bad())?;
    let Some(id) = param(p, "TZID") else {
        // Floating time: the calendar's or the user's zone.
        return Ok(IcsTime::At(resolve_lenient(wall, floating)));
    };
    if let Some(t) = ctx.zoned(id, wall) {
        return Ok(IcsTime::At(t));
    }
    let note = format!(
        "time zone “{id}” is unknown and the file does not define it: read as local time ({})",
        floating.name()
    );
    if !notes.contains(&note) {
        notes.push(note);
    }
    Ok(IcsTime::At(resolve_lenient(wall, floating)))
}

/// A wall-clock time in a zone; one the clocks skip is the instant just after the gap,
/// as other calendars do.
fn resolve_lenient(wall: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    time::resolve(wall, tz)
        .or_else(|_| time::resolve(wall + Duration::hours(1), tz))
        .unwrap_or_else(|_| Utc.from_utc_datetime(&wall).with_timezone(&tz))
}

fn time_key(t: &IcsTime) -> i64 {
    match t {
        IcsTime::Date(d) => date_key(*d),
        IcsTime::At(t) => t.timestamp(),
    }
}

/// The key of an occurrence of a series that starts at `first`, named by `t` — which
/// may be of the other value type (Google's `EXDATE;VALUE=DATE` on a timed series, Office
/// 365's date-time RECURRENCE-ID on an all-day one).
fn key_in(t: &IcsTime, first: &When) -> i64 {
    match (t, first) {
        (IcsTime::Date(d), When::Timed { start, .. }) => {
            time::resolve(d.and_time(start.naive_local().time()), start.timezone())
                .map(|t| t.timestamp())
                .unwrap_or_else(|_| date_key(*d))
        }
        (IcsTime::At(t), When::AllDay { .. }) => date_key(t.date_naive()),
        (t, _) => time_key(t),
    }
}

/// `P1D`, `PT1H30M`, `-PT15M`, `P2W` (RFC 5545 §3.3.6); `None` when malformed or beyond
/// a century (no panic on `P99999999999W`).
fn ics_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut total, mut number, mut in_time) = (0i64, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' if number.len() < 12 => number.push(c),
            '0'..='9' => return None,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
            }
        }
    }
    if !number.is_empty() || total > 100 * 366 * 86_400 {
        return None;
    }
    Duration::try_seconds(sign * total)
}

fn add(t: &IcsTime, d: Duration) -> Option<IcsTime> {
    Some(match t {
        IcsTime::Date(s) => IcsTime::Date(s.checked_add_signed(d)?),
        IcsTime::At(s) => IcsTime::At(s.checked_add_signed(d)?),
    })
}

/// An RRULE value as the rrule crate reads it: unescaped (`\;`), without empty parts or
/// trailing commas, and with an UNTIL of the form RFC 5545 asks for — a date-only UNTIL
/// (all-day series) or a local time (Exchange 2010, Zimbra) becomes the UTC instant it
/// means in the series' zone. `None` for an empty rule (a single event).
fn rule_text(raw: &str, first: &When) -> Option<String> {
    let raw = raw.replace("\\;", ";").replace("\\,", ",");
    let mut parts = vec![];
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            parts.push(part.to_owned());
            continue;
        };
        let key = key.trim().to_ascii_uppercase();
        let value = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(",");
        if key == "UNTIL" {
            parts.push(format!("UNTIL={}", until_utc(&value, first)));
        } else {
            parts.push(format!("{key}={value}"));
        }
    }
    (!parts.is_empty()).then(|| parts.join(";"))
}

fn until_utc(value: &str, first: &When) -> String {
    let v = value.trim();
    if v.ends_with(['Z', 'z']) {
        return v.to_ascii_uppercase();
    }
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    if let Ok(day) = NaiveDate::parse_from_str(v, "%Y%m%d") {
        return match first {
            // All-day series are anchored at 00:00 UTC of each date.
            When::AllDay { .. } => fmt(time::from_key(date_key(day))),
            // The whole of that day where the series happens.
            When::Timed { start, .. } => {
                let next = day.succ_opt().unwrap_or(day);
                fmt(time::day_start(next, start.timezone()).with_timezone(&Utc)
                    - Duration::seconds(1))
            }
        };
    }
    match (NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S"), first) {
        (Ok(t), When::AllDay { .. }) => fmt(time::from_key(date_key(t.date()))),
        (Ok(t), When::Timed { start, .. }) => time::resolve(t, start.timezone())
            .map(|t| fmt(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| fmt(t.and_utc())),
        _ => v.to_owned(), // left for the rrule crate to refuse
    }
}

fn understand(
    tx: &Transaction,
    c: &Parsed,
    ctx: &Ctx,
    uid: &str,
    client: Option<ClientId>,
    notes: &mut Vec<String>,
) -> Result<Incoming, String> {
    let floating = ctx.default_tz;
    let start_prop = prop(c, "DTSTART").ok_or("it has no start (DTSTART)")?;
    let start = ics_time(start_prop.val.as_str(), start_prop, ctx, floating, notes)?;
    let end = match (prop(c, "DTEND"), prop(c, "DURATION")) {
        (Some(p), _) => Some(ics_time(p.val.as_str(), p, ctx, floating, notes)?),
        (None, Some(d)) => {
            let d = ics_duration(d.val.as_str()).ok_or("its DURATION is malformed or too long")?;
            Some(add(&start, d).ok_or("its DURATION is too long")?)
        }
        (None, None) => None,
    };
    let tz = match &start {
        IcsTime::At(t) => t.timezone(),
        IcsTime::Date(_) => floating,
    };
    let (start_text, end_text, all_day) = match (&start, &end) {
        // DTEND of an all-day event is exclusive; Juggle's last day is inclusive.
        (IcsTime::Date(s), Some(IcsTime::Date(e))) => (
            s.to_string(),
            (*e - Duration::days(1)).max(*s).to_string(),
            true,
        ),
        (IcsTime::Date(s), None) => (s.to_string(), s.to_string(), true),
        // An end that is a time on a date start: the event's days, to that end's date.
        (IcsTime::Date(s), Some(IcsTime::At(e))) => {
            (s.to_string(), e.date_naive().max(*s).to_string(), true)
        }
        (IcsTime::At(s), Some(IcsTime::At(e))) if e > s => {
            (wall(s, tz), wall(&e.with_timezone(&tz), tz), false)
        }
        // No end, or an end not after the start: RFC 5545 makes it an instant; it gets
        // half an hour so that it can be seen (docs/calendar-import.md).
        (IcsTime::At(s), _) => (wall(s, tz), wall(&(*s + Duration::minutes(30)), tz), false),
    };
    let text = |name| {
        prop(c, name)
            .map(|p| unescape(p.val.as_str()))
            .unwrap_or_default()
    };
    let title = text("SUMMARY");
    let kind = match text("X-JUGGLE-KIND").as_str() {
        "meeting" => EventKind::Meeting,
        "deadline" => EventKind::Deadline,
        "time_block" => EventKind::TimeBlock,
        "other" => EventKind::Other,
        _ if prop(c, "ATTENDEE").is_some() => EventKind::Meeting,
        _ => EventKind::Other,
    };
    let client_id = match client {
        Some(id) => Some(id),
        None => client_named(tx, &text("X-JUGGLE-CLIENT")).map_err(|e| e.to_string())?,
    };
    let mut reminders = vec![];
    for t in c
        .components
        .iter()
        .filter(|a| a.name.as_str().eq_ignore_ascii_case("VALARM"))
        .filter_map(|a| prop(a, "TRIGGER"))
        .filter(|t| {
            param(t, "VALUE").is_none()
                && param(t, "RELATED").is_none_or(|r| r.eq_ignore_ascii_case("START"))
        })
    {
        match ics_duration(t.val.as_str()).filter(|d| *d <= Duration::zero()) {
            Some(d) if -d.num_minutes() <= i64::from(MAX_REMINDER_MINUTES) => {
                reminders.push((-d.num_minutes()) as u32)
            }
            Some(_) => notes.push(format!(
                "a reminder “{}” is more than four weeks ahead and was left out",
                t.val.as_str()
            )),
            None => {}
        }
    }
    let input = EventInput {
        title: if title.trim().is_empty() {
            "(no title)".into()
        } else {
            title.chars().take(500).collect()
        },
        client_id,
        kind,
        all_day,
        start: start_text,
        end: end_text,
        tz: tz.name().to_owned(),
        location: text("LOCATION"),
        channel: None,
        notes: text("DESCRIPTION"),
        free: text("TRANSP").eq_ignore_ascii_case("TRANSPARENT"),
        reminders,
        recurrence: None,
    };
    let mut event = input.validate(tx).map_err(|e| e.to_string())?;
    let first = event.when;
    let rules: Vec<String> = props(c, "RRULE")
        .filter_map(|p| rule_text(p.val.as_str(), &first))
        .collect();
    if !rules.is_empty() {
        let rule = rules.join("\n");
        recurrence::validate(&Series {
            rrule: &rule,
            dtstart: first.dtstart(),
            exdates: &[],
        })
        .map_err(|e| e.to_string())?;
        event.rrule = Some(rule);
    }
    let mut exdates = Vec::new();
    for p in props(c, "EXDATE") {
        for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
            match ics_time(v, p, ctx, tz, notes) {
                Ok(t) => exdates.push(key_in(&t, &first)),
                Err(e) => notes.push(format!("an EXDATE was left out: {e}")),
            }
        }
    }
    let mut rdates = Vec::new();
    for p in props(c, "RDATE") {
        for v in p.val.as_str().split(',').filter(|v| !v.trim().is_empty()) {
            match rdate(v, p, ctx, tz, &first, notes) {
                Ok(when) => {
                    let key = match when {
                        When::Timed { start, .. } => start.timestamp(),
                        When::AllDay { start, .. } => date_key(start),
                    };
                    rdates.push((key, when));
                }
                Err(e) => notes.push(format!("an RDATE was left out: {e}")),
            }
        }
    }
    let (recurrence, and_future) = match prop(c, "RECURRENCE-ID") {
        Some(p) => (
            Some(ics_time(p.val.as_str(), p, ctx, tz, notes)?),
            param(p, "RANGE").is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE")),
        ),
        None => (None, false),
    };
    Ok(Incoming {
        line: 0,
        uid: uid.to_owned(),
        recurrence,
        and_future,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        event,
        exdates,
        rdates,
    })
}

/// One RDATE value: a date, a date-time or a period (`start/end`, `start/duration`),
/// as an occurrence of the event that starts at `first`.
fn rdate(
    v: &str,
    p: &ParsedProp,
    ctx: &Ctx,
    tz: Tz,
    first: &When,
    notes: &mut Vec<String>,
) -> Result<When, String> {
    let (start, end) = match v.split_once('/') {
        Some((s, e)) => {
            let start = ics_time(s, p, ctx, tz, notes)?;
            let end = match ics_duration(e) {
                Some(d) => add(&start, d).ok_or("its period is too long")?,
                None => ics_time(e, p, ctx, tz, notes)?,
            };
            (start, Some(end))
        }
        None => (ics_time(v, p, ctx, tz, notes)?, None),
    };
    let length = first.length();
    Ok(match (first, start) {
        (When::Timed { start: s0, .. }, t) => {
            let start = match t {
                IcsTime::At(t) => t.with_timezone(&s0.timezone()),
                IcsTime::Date(_) => time::from_key(key_in(&t, first)).with_timezone(&s0.timezone()),
            };
            let end = match end {
                Some(IcsTime::At(e)) if e > start => e.with_timezone(&s0.timezone()),
                _ => start + length,
            };
            When::Timed { start, end }
        }
        (When::AllDay { .. }, t) => {
            let day = time::from_key(key_in(&t, first)).date_naive();
            When::AllDay {
                start: day,
                end: day + length - Duration::days(1),
            }
        }
    })
}

/// Gives edited occurrences the key of the series' occurrence they replace, reading a
/// RECURRENCE-ID of the other value type against the series in the same file.
fn rekey_overrides(incoming: &mut [Incoming]) {
    let firsts: HashMap<String, When> = incoming
        .iter()
        .filter(|e| e.recurrence.is_none())
        .map(|e| (e.uid.clone(), e.event.when))
        .collect();
    for e in incoming.iter_mut() {
        if let (Some(r), Some(first)) = (e.recurrence, firsts.get(&e.uid)) {
            let key = key_in(&r, first);
            e.recurrence = Some(IcsTime::At(
                Tz::UTC
                    .timestamp_opt(key, 0)
                    .single()
                    .unwrap_or_else(|| Tz::UTC.timestamp_opt(0, 0).unwrap()),
            ));
        }
    }
}

/// RANGE=THISANDFUTURE: the edit applies to that occurrence and every later one. The
/// series in the file ends before it, and the rest becomes a series of its own from the
/// edited occurrence on, with the same rule (its UID marked `#from-<key>`).
fn apply_this_and_future(incoming: &mut [Incoming]) {
    let mut extra = vec![];
    for i in 0..incoming.len() {
        if !incoming[i].and_future {
            continue;
        }
        let Some(key) = incoming[i].recurrence.map(|r| time_key(&r)) else {
            continue;
        };
        let uid = incoming[i].uid.clone();
        let Some(master) = incoming
            .iter_mut()
            .find(|m| m.uid == uid && m.recurrence.is_none() && m.event.rrule.is_some())
        else {
            continue;
        };
        let Some(rule) = master.event.rrule.clone() else {
            continue;
        };
        // A COUNT goes on with what is left of it after the cut.
        let before = recurrence::starts_between_bounded(
            &Series {
                rrule: &rule,
                dtstart: master.event.when.dtstart(),
                exdates: &[],
            },
            master.event.when.dtstart().with_timezone(&Utc),
            time::from_key(key),
            100_000,
        )
        .map(|s| s.0.len())
        .unwrap_or(0);
        let rest_rule = rule
            .lines()
            .map(|l| {
                l.split(';')
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("COUNT") => {
                            let left = v.parse::<usize>().unwrap_or(1).saturating_sub(before);
                            format!("COUNT={}", left.max(1))
                        }
                        _ => p.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let cut = time::from_key(key - 1).format("%Y%m%dT%H%M%SZ").to_string();
        let truncate = |r: &str| {
            r.lines()
                .map(|l| {
                    let kept: Vec<&str> = l
                        .split(';')
                        .filter(|p| {
                            !p.to_ascii_uppercase().starts_with("UNTIL=")
                                && !p.to_ascii_uppercase().starts_with("COUNT=")
                        })
                        .collect();
                    format!("{};UNTIL={cut}", kept.join(";"))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        master.event.rrule = Some(truncate(&rule));
        let mut rest = incoming[i].event.clone();
        rest.rrule = Some(rest_rule);
        extra.push((i, rest));
    }
    for (i, rest) in extra.into_iter().rev() {
        let e = &mut incoming[i];
        let key = e.recurrence.map(|r| time_key(&r)).unwrap_or_default();
        e.uid = format!("{}#from-{key}", e.uid);
        e.recurrence = None;
        e.and_future = false;
        e.event = rest;
    }
}

fn wall(t: &DateTime<Tz>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn client_named(tx: &Transaction, name: &str) -> Result<Option<ClientId>, rusqlite::Error> {
    if name.trim().is_empty() {
        return Ok(None);
    }
    let key = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    tx.query_row("SELECT id FROM clients WHERE name_key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
}

enum Stored {
    Added,
    Updated,
    Skipped(String),
}

fn store_one(tx: &Transaction, e: &Incoming) -> Result<Stored, CalendarError> {
    let existing = |recurrence: Option<i64>| -> Result<Option<EventId>, rusqlite::Error> {
        tx.query_row(
            "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc IS ?2",
            params![e.uid, recurrence],
            |r| r.get(0),
        )
        .optional()
    };
    let Some(key) = e.recurrence.map(|r| time_key(&r)) else {
        if e.cancelled {
            return Ok(Stored::Skipped("it is cancelled".into()));
        }
        let (id, outcome) = match existing(None)? {
            Some(id) => {
                events::overwrite(tx, id, &e.event)?;
                tx.execute("DELETE FROM event_exdates WHERE series_id = ?1 AND occurrence_utc NOT IN (SELECT recurrence_utc FROM events WHERE series_id = ?1)", [id])?;
                (id, Stored::Updated)
            }
            None => (events::insert(tx, &e.event, &e.uid, None)?, Stored::Added),
        };
        for ex in &e.exdates {
            tx.execute(
                "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
                params![id, ex],
            )?;
        }
        store_rdates(tx, e, id)?;
        return Ok(outcome);
    };
    let mut single = e.event.clone();
    single.rrule = None;
    let Some(series) = existing(None)? else {
        // Its series is not in the file nor the book (a calendar shared as single
        // invitations): the occurrence is imported as an event of its own.
        // Its UID is marked `#occ-<key>`, so that a second such occurrence is not taken
        // for an update of the first.
        let uid = format!("{}#occ-{key}", e.uid);
        let found: Option<EventId> = tx
            .query_row(
                "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc IS NULL",
                [&uid],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match (found, e.cancelled) {
            (_, true) => Stored::Skipped(
                "it cancels one occurrence of a series that is not in the file".into(),
            ),
            (Some(id), false) => {
                events::overwrite(tx, id, &single)?;
                Stored::Updated
            }
            (None, false) => {
                events::insert(tx, &single, &uid, None)?;
                Stored::Added
            }
        });
    };
    tx.execute(
        "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
        params![series, key],
    )?;
    match (existing(Some(key))?, e.cancelled) {
        (Some(id), true) => {
            tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
            Ok(Stored::Updated)
        }
        (None, true) => Ok(Stored::Updated),
        (Some(id), false) => {
            events::overwrite(tx, id, &single)?;
            Ok(Stored::Updated)
        }
        (None, false) => {
            events::insert(tx, &single, &e.uid, Some((series, key)))?;
            Ok(Stored::Added)
        }
    }
}

/// RDATE occurrences, kept as occurrences of the event (rows of the series, like an
/// edited occurrence) unless the rule gives them already or an EXDATE removes them.
fn store_rdates(tx: &Transaction, e: &Incoming, id: EventId) -> Result<(), CalendarError> {
    let first = e.event.when;
    let first_key = match first {
        When::Timed { start, .. } => start.timestamp(),
        When::AllDay { start, .. } => date_key(start),
    };
    let mut seen = HashSet::new();
    for (key, when) in &e.rdates {
        if *key == first_key || e.exdates.contains(key) || !seen.insert(*key) {
            continue;
        }
        if let Some(rule) = &e.event.rrule {
            let at = time::from_key(*key);
            let series = Series {
                rrule: rule,
                dtstart: first.dtstart(),
                exdates: &[],
            };
            if !recurrence::starts_between(&series, at, at + Duration::seconds(1), 1)?.is_empty() {
                continue;
            }
        }
        let taken: Option<EventId> = tx
            .query_row(
                "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc = ?2",
                params![e.uid, key],
                |r| r.get(0),
            )
            .optional()?;
        let mut single = e.event.clone();
        single.rrule = None;
        single.when = *when;
        match taken {
            Some(row) => events::overwrite(tx, row, &single)?,
            None => {
                events::insert(tx, &single, &e.uid, Some((id, *key)))?;
            }
        }
    }
    Ok(())
}

/// The book's events as an .ics text: all of them, or one client's.
pub fn export(store: &Store, client: Option<ClientId>) -> Result<String, CalendarError> {
    let conn = store.conn();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property((
        "PRODID",
        concat!("-//Juggle//Juggle ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    let name = match client {
        Some(id) => format!("Juggle — {}", crate::clients::get(conn, id)?.name),
        None => "Juggle".to_owned(),
    };
    cal.name(&name);
    let mut stmt = conn.prepare(
        "SELECT e.id, e.uid, e.title, e.kind, e.all_day, e.start_utc, e.end_utc, e.start_date,
                e.end_date, e.tz, e.rrule, e.recurrence_utc, e.location, e.notes, e.free,
                e.reminders, c.name, e.updated_at
         FROM events e LEFT JOIN clients c ON c.id = e.client_id
         WHERE ?1 IS NULL OR e.client_id = ?1
         ORDER BY e.series_id IS NOT NULL, e.id",
    )?;
    let mut exdates_of = conn.prepare(
        "SELECT occurrence_utc FROM event_exdates x WHERE series_id = ?1
           AND NOT EXISTS (SELECT 1 FROM events o WHERE o.series_id = x.series_id AND o.recurrence_utc = x.occurrence_utc)",
    )?;
    let mut rows = stmt.query([client])?;
    while let Some(r) = rows.next()? {
        let tz: Tz = r.get::<_, String>(9)?.parse().unwrap_or(Tz::UTC);
        let all_day: bool = r.get(4)?;
        let mut ev = IcsEvent::new();
        ev.uid(&r.get::<_, String>(1)?)
            .summary(&r.get::<_, String>(2)?);
        ev.add_property("X-JUGGLE-KIND", &r.get::<_, String>(3)?);
        if all_day {
            let d = |s: String| s.parse::<NaiveDate>().unwrap_or_default();
            let (s, e) = (d(r.get(7)?), d(r.get(8)?));
            ev.append_property(date_prop("DTSTART", s));
            ev.append_property(date_prop("DTEND", e + Duration::days(1)));
        } else {
            ev.append_property(time_prop("DTSTART", r.get(5)?, tz));
            ev.append_property(time_prop("DTEND", r.get(6)?, tz));
        }
        if let Some(rules) = r.get::<_, Option<String>>(10)? {
            for rule in rules.lines() {
                ev.append_multi_property(Property::new("RRULE", rule));
            }
            let keys: Vec<i64> = exdates_of
                .query_map([r.get::<_, i64>(0)?], |x| x.get(0))?
                .collect::<Result<_, _>>()?;
            for key in keys {
                ev.append_multi_property(key_prop("EXDATE", key, all_day, tz));
            }
        }
        if let Some(key) = r.get::<_, Option<i64>>(11)? {
            ev.append_property(key_prop("RECURRENCE-ID", key, all_day, tz));
        }
        let location: String = r.get(12)?;
        if !location.is_empty() {
            ev.location(&location);
        }
        let notes: String = r.get(13)?;
        if !notes.is_empty() {
            ev.description(&notes);
        }
        ev.add_property(
            "TRANSP",
            if r.get::<_, bool>(14)? {
                "TRANSPARENT"
            } else {
                "OPAQUE"
            },
        );
        for m in events::reminders_from(&r.get::<_, String>(15)?) {
            ev.alarm(Alarm::display("Reminder", -Duration::minutes(i64::from(m))));
        }
        if let Some(client) = r.get::<_, Option<String>>(16)? {
            ev.add_property("X-JUGGLE-CLIENT", &client);
            ev.add_property("CATEGORIES", client.replace(',', "\\,"));
        }
        let stamp = r
            .get::<_, String>(17)?
            .parse::<DateTime<Utc>>()
            .unwrap_or_else(|_| Utc::now());
        ev.timestamp(stamp);
        cal.push(ev.done());
    }
    Ok(cal.done().to_string())
}

fn date_prop(name: &str, d: NaiveDate) -> Property {
    Property::new(name, d.format("%Y%m%d").to_string())
        .add_parameter("VALUE", "DATE")
        .done()
}

fn time_prop(name: &str, ts: i64, tz: Tz) -> Property {
    let t = time::from_key(ts);
    if tz == Tz::UTC {
        return Property::new(name, t.format("%Y%m%dT%H%M%SZ").to_string());
    }
    Property::new(
        name,
        t.with_timezone(&tz).format("%Y%m%dT%H%M%S").to_string(),
    )
    .add_parameter("TZID", tz.name())
    .done()
}

fn key_prop(name: &str, key: i64, all_day: bool, tz: Tz) -> Property {
    if all_day {
        date_prop(name, time::from_key(key).date_naive())
    } else {
        time_prop(name, key, tz)
    }
}

/// Writes the export to a file.
pub fn export_file(
    store: &Store,
    path: &std::path::Path,
    client: Option<ClientId>,
) -> Result<usize, CalendarError> {
    let text = export(store, client)?;
    let count = text.matches("BEGIN:VEVENT").count();
    // Through a temporary file and a rename: a failed export never leaves half a calendar
    // that looks whole.
    crate::export::write_whole(path, text.as_bytes()).map_err(|e| {
        CalendarError::Unreadable(format!("could not write {}: {e}", path.display()))
    })?;
    Ok(count)
}
