//! Reading a file: size and encoding, unfolding, and the import of its events in one
//! transaction.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use icalendar::parser::read_components;

use crate::calendar::time;
use crate::calendar::CalendarError;
use crate::calendar::{Calendar, CalendarId, CalendarInput};
use crate::clients::ClientId;
use crate::store::Writer;

use super::event::understand;
use super::lines::{components, derived_uid, Found};
use super::overrides::{apply_this_and_future, rekey_overrides};
use super::save::{store_one, Stored};
use super::values::time_key;
use super::vtimezone;
use super::zone_names;
use super::zones::Ctx;
use super::{ImportReport, SkipKind, Skipped, MAX_ICS_BYTES};

/// Imports an .ics text into the book's own calendar. `client` assigns every imported event
/// to that client (events exported by Juggle carry their client's name and find it by
/// themselves).
pub fn import(
    store: &mut impl Writer,
    text: &str,
    client: Option<ClientId>,
) -> Result<ImportReport, CalendarError> {
    import_into(store, text, client, None)
}

/// Imports an .ics text into `calendar` (`None`: the book's own). An event already in the
/// book (same UID) is updated and moves into that calendar. A subscribed calendar is
/// refused: its events come from its address.
pub fn import_into(
    store: &mut impl Writer,
    text: &str,
    client: Option<ClientId>,
    calendar: Option<CalendarId>,
) -> Result<ImportReport, CalendarError> {
    run(store, text, client, calendar, Prune::No)
}

/// A subscribed calendar's new text: its events become the file's. Events of the file are
/// added or updated as an import does, and the calendar's events the file no longer has
/// are removed (`ImportReport::removed`).
pub fn refresh_into(
    store: &mut impl Writer,
    text: &str,
    client: Option<ClientId>,
    calendar: CalendarId,
) -> Result<ImportReport, CalendarError> {
    run(store, text, client, Some(calendar), Prune::Yes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prune {
    /// An import adds and updates; what the file lacks stays.
    No,
    /// A refresh: the calendar holds what the file holds.
    Yes,
}

fn run(
    store: &mut impl Writer,
    text: &str,
    client: Option<ClientId>,
    calendar: Option<CalendarId>,
    prune: Prune,
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
        vzones: vtimezone::vtimezones(&lines),
        cache: RefCell::new(HashMap::new()),
        agrees: RefCell::new(HashMap::new()),
    };
    let mut report = store.write(|tx| {
        if let Some(id) = client {
            crate::clients::get(tx, id)?;
        }
        match (calendar, prune) {
            (Some(id), Prune::Yes) => {
                crate::calendar::get_calendar(tx, id)?;
            }
            (_, Prune::No) => crate::calendar::calendars::ensure_writable(tx, calendar)?,
            (None, Prune::Yes) => {}
        }
        // Every UID the file names, events it could not read included: a refresh removes
        // only what the file no longer has, never what it has but could not read.
        let mut named: HashSet<String> = HashSet::new();
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
            named.insert(uid.clone());
            let mut notes = vec![];
            match parsed.and_then(|c| understand(tx, &c, &ctx, &uid, client, &mut notes)) {
                Ok(mut event) => {
                    event.line = found.line;
                    event.event.calendar_id = calendar;
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
        if let (Prune::Yes, Some(id)) = (prune, calendar) {
            report.removed = remove_unnamed(tx, id, &named)?;
        }
        Ok::<_, CalendarError>(report)
    })?;
    report.skipped.sort_by_key(|s| s.line);
    Ok(report)
}

pub(super) fn too_big() -> CalendarError {
    CalendarError::Unreadable(format!(
        "the file is larger than {} MB; split it (most calendar apps export by year)",
        MAX_ICS_BYTES / (1024 * 1024)
    ))
}

/// Deletes the events of `calendar` whose UID the file no longer names (an occurrence kept
/// as an event of its own, `UID#occ-…`, goes with its UID); returns how many went.
fn remove_unnamed(
    tx: &rusqlite::Transaction,
    calendar: CalendarId,
    named: &HashSet<String>,
) -> Result<u32, CalendarError> {
    let rows: Vec<(i64, String, bool)> = tx
        .prepare("SELECT id, uid, series_id IS NULL FROM events WHERE calendar_id = ?1")?
        .query_map([calendar], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut removed = 0;
    for (id, uid, whole) in rows {
        let base = uid.split_once("#occ-").map_or(uid.as_str(), |(b, _)| b);
        if !named.contains(base) {
            tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
            removed += u32::from(whole);
        }
    }
    Ok(removed)
}

/// Reads and imports an .ics file into `calendar` (`None`: the book's own).
pub fn import_file(
    store: &mut impl Writer,
    path: &std::path::Path,
    client: Option<ClientId>,
    calendar: Option<CalendarId>,
) -> Result<ImportReport, CalendarError> {
    let text = read_file(path)?;
    import_into(store, &text, client, calendar)
}

/// Reads an .ics file and imports it into a new calendar made from `new`, in one
/// transaction: a file that cannot be imported leaves no empty calendar behind.
pub fn import_file_into_new(
    store: &mut impl Writer,
    path: &std::path::Path,
    client: Option<ClientId>,
    new: &CalendarInput,
) -> Result<(ImportReport, Calendar), CalendarError> {
    let text = read_file(path)?;
    store.write(|tx| {
        let made = crate::calendar::add_calendar(tx, new)?;
        let report = import_into(tx, &text, client, Some(made.id))?;
        let made = crate::calendar::get_calendar(tx, made.id)?;
        Ok((report, made))
    })
}

/// An .ics file's text, within the size limit.
fn read_file(path: &std::path::Path) -> Result<String, CalendarError> {
    let unreadable =
        |e: std::io::Error| CalendarError::Unreadable(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_ICS_BYTES {
        return Err(too_big());
    }
    Ok(decode(std::fs::read(path).map_err(unreadable)?))
}

/// Calendar bytes as text: UTF-8, else (old Outlook exports) windows-1252.
pub fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    }
}

/// Content lines with the line number each starts on; folded lines (RFC 5545 §3.1) joined.
pub(super) fn unfold(text: &str) -> Vec<(u32, String)> {
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
pub(super) fn calendar_zone(lines: &[(u32, String)]) -> Tz {
    lines
        .iter()
        .find_map(|(_, l)| l.strip_prefix("X-WR-TIMEZONE:"))
        .and_then(zone_names::named)
        .unwrap_or_else(time::local_zone)
}
