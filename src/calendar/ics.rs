//! iCalendar (.ics, RFC 5545) import and export, so Juggle lives beside Google Calendar,
//! Outlook and Apple Calendar. The `icalendar` crate parses each VEVENT and writes the
//! file (escaping, line folding); the mapping to Juggle's events is here.
//!
//! Import is one transaction: every event is checked before anything is written, a
//! malformed or unusable event is skipped whole and reported with its line and UID, and
//! an event whose UID is already in the book is updated, never duplicated.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{read_components, Component as Parsed, Property as ParsedProp};
use icalendar::{Alarm, Calendar, Component, Event as IcsEvent, EventLike, Property};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use super::events::{self, ValidEvent};
use super::recurrence::{self, Series};
use super::time::{self, date_key};
use super::{CalendarError, EventInput, EventKind};
use crate::clients::ClientId;
use crate::store::Store;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct ImportReport {
    pub added: u32,
    pub updated: u32,
    pub skipped: Vec<Skipped>,
}

/// An event left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Skipped {
    /// Line of its BEGIN:VEVENT in the file (1-based).
    pub line: u32,
    pub uid: Option<String>,
    pub reason: String,
}

/// One VEVENT, understood.
struct Incoming {
    line: u32,
    uid: String,
    /// RECURRENCE-ID: this is an edited (or cancelled) occurrence of the series `uid`.
    recurrence_key: Option<i64>,
    cancelled: bool,
    event: ValidEvent,
    exdates: Vec<i64>,
}

/// Imports an .ics text. `client` assigns every imported event to that client (events
/// exported by Juggle carry their client's name and find it by themselves).
pub fn import(
    store: &mut Store,
    text: &str,
    client: Option<ClientId>,
) -> Result<ImportReport, CalendarError> {
    let text = text.trim_start_matches('\u{feff}');
    let lines = unfold(text);
    if !lines
        .iter()
        .any(|(_, l)| l.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Err(CalendarError::Unreadable(
            "this is not an iCalendar file (no BEGIN:VCALENDAR)".into(),
        ));
    }
    let default_tz = calendar_zone(&lines);
    let tx = store.transaction()?;
    if let Some(id) = client {
        crate::clients::get_in(&tx, id)?;
    }
    let mut report = ImportReport::default();
    let mut incoming = Vec::new();
    for (line, block) in vevents(&lines) {
        let parsed = read_components(&block)
            .ok()
            .and_then(|mut c| (c.len() == 1).then(|| c.remove(0)))
            .ok_or_else(|| "the event is malformed".to_owned());
        let uid = parsed
            .as_ref()
            .ok()
            .and_then(|c| prop(c, "UID"))
            .map(|p| unescape(p.val.as_str()));
        match parsed.and_then(|c| understand(&tx, &c, line, default_tz, client)) {
            Ok(event) => incoming.push(event),
            Err(reason) => report.skipped.push(Skipped { line, uid, reason }),
        }
    }
    // Series before their edited occurrences, which need the series' row.
    incoming.sort_by_key(|e| e.recurrence_key.is_some());
    for event in incoming {
        match store_one(&tx, &event)? {
            Stored::Added => report.added += 1,
            Stored::Updated => report.updated += 1,
            Stored::Skipped(reason) => report.skipped.push(Skipped {
                line: event.line,
                uid: Some(event.uid),
                reason,
            }),
        }
    }
    tx.commit()?;
    report.skipped.sort_by_key(|s| s.line);
    Ok(report)
}

/// Reads and imports an .ics file.
pub fn import_file(
    store: &mut Store,
    path: &std::path::Path,
    client: Option<ClientId>,
) -> Result<ImportReport, CalendarError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CalendarError::Unreadable(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CalendarError::Unreadable(format!("{} is not UTF-8 text", path.display())))?;
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
            _ if raw.is_empty() => {}
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
        .and_then(|z| zone(z).ok())
        .unwrap_or_else(time::local_zone)
}

/// Each VEVENT's text (for the parser) with the line it starts on.
fn vevents(lines: &[(u32, String)]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u32, String, u32)> = None; // (line, text, nesting)
    for (n, l) in lines {
        let upper = l.to_ascii_uppercase();
        if let Some((_, text, depth)) = current.as_mut() {
            text.push_str(l);
            text.push_str("\r\n");
            if upper.starts_with("BEGIN:") {
                *depth += 1;
            } else if upper.starts_with("END:") {
                *depth -= 1;
                if *depth == 0 {
                    let (line, text, _) = current.take().unwrap_or_default();
                    out.push((line, text));
                }
            }
        } else if upper == "BEGIN:VEVENT" {
            current = Some((*n, format!("{l}\r\n"), 1));
        }
    }
    if let Some((line, text, _)) = current {
        out.push((line, text)); // unterminated: the parser reports it malformed
    }
    out
}

fn prop<'a>(c: &'a Parsed<'a>, name: &str) -> Option<&'a ParsedProp<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
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

/// A TZID: an IANA name, or one of the Windows names Outlook writes.
fn zone(tzid: &str) -> Result<Tz, String> {
    let tzid = tzid.trim().trim_matches('"');
    // Some clients prefix IANA names with a path (`/mozilla.org/20050126_1/Europe/Berlin`).
    let iana = tzid.rsplitn(3, '/').collect::<Vec<_>>();
    let candidates = [
        tzid.to_owned(),
        iana.iter()
            .take(2)
            .rev()
            .cloned()
            .collect::<Vec<_>>()
            .join("/"),
    ];
    candidates
        .iter()
        .find_map(|c| c.parse::<Tz>().ok())
        .or_else(|| windows_zone(tzid))
        .ok_or_else(|| format!("unknown time zone “{tzid}”"))
}

fn windows_zone(name: &str) -> Option<Tz> {
    // The Windows zones Outlook users meet most, after CLDR's windowsZones.xml.
    const TABLE: &[(&str, &str)] = &[
        ("UTC", "UTC"),
        ("GMT Standard Time", "Europe/London"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Romance Standard Time", "Europe/Paris"),
        ("Central Europe Standard Time", "Europe/Budapest"),
        ("Central European Standard Time", "Europe/Warsaw"),
        ("E. Europe Standard Time", "Europe/Chisinau"),
        ("FLE Standard Time", "Europe/Kiev"),
        ("GTB Standard Time", "Europe/Bucharest"),
        ("Russian Standard Time", "Europe/Moscow"),
        ("Eastern Standard Time", "America/New_York"),
        ("Central Standard Time", "America/Chicago"),
        ("Mountain Standard Time", "America/Denver"),
        ("US Mountain Standard Time", "America/Phoenix"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Atlantic Standard Time", "America/Halifax"),
        ("E. South America Standard Time", "America/Sao_Paulo"),
        ("India Standard Time", "Asia/Kolkata"),
        ("China Standard Time", "Asia/Shanghai"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("Singapore Standard Time", "Asia/Singapore"),
        ("Arabian Standard Time", "Asia/Dubai"),
        ("AUS Eastern Standard Time", "Australia/Sydney"),
        ("New Zealand Standard Time", "Pacific/Auckland"),
    ];
    TABLE
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .and_then(|(_, iana)| iana.parse().ok())
}

enum IcsTime {
    Date(NaiveDate),
    At(DateTime<Tz>),
}

/// A DTSTART/DTEND/EXDATE/RECURRENCE-ID value (one of a comma list).
fn ics_time(value: &str, p: &ParsedProp, default_tz: Tz) -> Result<IcsTime, String> {
    let v = value.trim();
    let is_date = param(p, "VALUE").is_some_and(|t| t.eq_ignore_ascii_case("DATE")) || v.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(IcsTime::Date)
            .map_err(|_| format!("“{v}” is not a date"));
    }
    let bad = || format!("“{v}” is not a date-time");
    if let Some(utc) = v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
        return Ok(IcsTime::At(
            Utc.from_utc_datetime(&t).with_timezone(&default_tz),
        ));
    }
    let wall = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
    let tz = match param(p, "TZID") {
        Some(id) => zone(id)?,
        None => default_tz, // floating time: the user's zone
    };
    time::resolve(wall, tz)
        .map(IcsTime::At)
        .map_err(|e| e.to_string())
}

fn time_key(t: &IcsTime) -> i64 {
    match t {
        IcsTime::Date(d) => date_key(*d),
        IcsTime::At(t) => t.timestamp(),
    }
}

/// `P1D`, `PT1H30M`, `-PT15M`, `P2W` (RFC 5545 §3.3.6).
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
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    number.is_empty().then(|| Duration::seconds(sign * total))
}

fn understand(
    tx: &Transaction,
    c: &Parsed,
    line: u32,
    default_tz: Tz,
    client: Option<ClientId>,
) -> Result<Incoming, String> {
    let uid = prop(c, "UID")
        .map(|p| unescape(p.val.as_str()))
        .filter(|u| !u.trim().is_empty())
        .ok_or("it has no UID")?;
    let start_prop = prop(c, "DTSTART").ok_or("it has no start (DTSTART)")?;
    let start = ics_time(start_prop.val.as_str(), start_prop, default_tz)?;
    let end = match (prop(c, "DTEND"), prop(c, "DURATION")) {
        (Some(p), _) => Some(ics_time(p.val.as_str(), p, default_tz)?),
        (None, Some(d)) => {
            let d = ics_duration(d.val.as_str()).ok_or("its DURATION is malformed")?;
            Some(match &start {
                IcsTime::Date(s) => IcsTime::Date(*s + d),
                IcsTime::At(s) => IcsTime::At(*s + d),
            })
        }
        (None, None) => None,
    };
    let tz = match &start {
        IcsTime::At(t) => t.timezone(),
        IcsTime::Date(_) => default_tz,
    };
    let (start_text, end_text, all_day) = match (&start, &end) {
        // DTEND of an all-day event is exclusive; Juggle's last day is inclusive.
        (IcsTime::Date(s), Some(IcsTime::Date(e))) => (
            s.to_string(),
            (*e - Duration::days(1)).max(*s).to_string(),
            true,
        ),
        (IcsTime::Date(s), None) => (s.to_string(), s.to_string(), true),
        (IcsTime::At(s), Some(IcsTime::At(e))) => {
            (wall(s, tz), wall(&e.with_timezone(&tz), tz), false)
        }
        // No end: RFC 5545 makes it an instant; give it half an hour to be seen.
        (IcsTime::At(s), None) => (wall(s, tz), wall(&(*s + Duration::minutes(30)), tz), false),
        _ => return Err("its start and end are not both dates or both date-times".into()),
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
    let reminders = c
        .components
        .iter()
        .filter(|a| a.name.as_str().eq_ignore_ascii_case("VALARM"))
        .filter_map(|a| prop(a, "TRIGGER"))
        .filter(|t| {
            param(t, "VALUE").is_none()
                && param(t, "RELATED").is_none_or(|r| r.eq_ignore_ascii_case("START"))
        })
        .filter_map(|t| ics_duration(t.val.as_str()))
        .filter(|d| *d <= Duration::zero())
        .map(|d| (-d.num_minutes()) as u32)
        .collect();
    let input = EventInput {
        title: if title.trim().is_empty() {
            "(no title)".into()
        } else {
            title
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
    if let Some(rule) = prop(c, "RRULE") {
        let rule = rule.val.as_str().trim().to_owned();
        recurrence::validate(&Series {
            rrule: &rule,
            dtstart: event.when.dtstart(),
            exdates: &[],
        })
        .map_err(|e| e.to_string())?;
        event.rrule = Some(rule);
    }
    let mut exdates = Vec::new();
    for p in c
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
    {
        for v in p.val.as_str().split(',') {
            exdates.push(time_key(&ics_time(v, p, tz)?));
        }
    }
    let recurrence_key = match prop(c, "RECURRENCE-ID") {
        Some(p) => Some(time_key(&ics_time(p.val.as_str(), p, tz)?)),
        None => None,
    };
    Ok(Incoming {
        line,
        uid,
        recurrence_key,
        cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
        event,
        exdates,
    })
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
    let existing = |recurrence: Option<i64>| -> Result<Option<i64>, rusqlite::Error> {
        tx.query_row(
            "SELECT id FROM events WHERE uid = ?1 AND recurrence_utc IS ?2",
            params![e.uid, recurrence],
            |r| r.get(0),
        )
        .optional()
    };
    let Some(key) = e.recurrence_key else {
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
        return Ok(outcome);
    };
    let Some(series) = existing(None)? else {
        return Ok(Stored::Skipped(
            "it changes one occurrence of a series that is not in the book".into(),
        ));
    };
    tx.execute(
        "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
        params![series, key],
    )?;
    let mut single = e.event.clone();
    single.rrule = None;
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
        Some(id) => format!("Juggle — {}", crate::clients::get_in(conn, id)?.name),
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
        if let Some(rule) = r.get::<_, Option<String>>(10)? {
            ev.add_property("RRULE", &rule);
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
    std::fs::write(path, text).map_err(|e| {
        CalendarError::Unreadable(format!("could not write {}: {e}", path.display()))
    })?;
    Ok(count)
}
